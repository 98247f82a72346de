/**
 * Health indicators for HikariCP pools that never wait on the pool: what applications may
 * use or extend. Their auto-configuration is in
 * {@code io.github.pooltune.autoconfigure.health}.
 */
@NullMarked
package io.github.pooltune.health;

import org.jspecify.annotations.NullMarked;
