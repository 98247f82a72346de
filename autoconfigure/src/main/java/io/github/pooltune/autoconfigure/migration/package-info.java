/**
 * Auto-configuration that checks a migration tool (Flyway) against the pool it runs on.
 */
@NullMarked
package io.github.pooltune.autoconfigure.migration;

import org.jspecify.annotations.NullMarked;
