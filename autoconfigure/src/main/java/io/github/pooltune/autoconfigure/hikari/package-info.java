/**
 * How the settings reach HikariCP and the PostgreSQL driver before a pool starts.
 */
@NullMarked
package io.github.pooltune.autoconfigure.hikari;

import org.jspecify.annotations.NullMarked;
