/**
 * The pools pooltune sees, and what applications may read of them: the registry of the
 * context's HikariCP pools, by bean name.
 */
@NullMarked
package io.github.pooltune.pool;

import org.jspecify.annotations.NullMarked;
