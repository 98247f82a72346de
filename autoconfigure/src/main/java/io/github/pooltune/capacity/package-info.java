/**
 * What the capacity check finds, as applications may read it: the server's limits, the
 * fleet's budget, each pool's share, the measured demand and RDS planning figures.
 */
@NullMarked
package io.github.pooltune.capacity;

import org.jspecify.annotations.NullMarked;
