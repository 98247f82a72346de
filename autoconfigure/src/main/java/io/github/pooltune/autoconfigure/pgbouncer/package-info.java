/**
 * Auto-configuration that finds a transaction pooler (PgBouncer) in front of the server.
 */
@NullMarked
package io.github.pooltune.autoconfigure.pgbouncer;

import org.jspecify.annotations.NullMarked;
