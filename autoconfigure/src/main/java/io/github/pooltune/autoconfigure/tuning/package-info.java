/**
 * Changes to a running pool: the settings HikariCP lets change while it runs, checked as
 * at start-up and against the fleet's budget, applied through {@code HikariConfigMXBean}.
 */
@NullMarked
package io.github.pooltune.autoconfigure.tuning;

import org.jspecify.annotations.NullMarked;
