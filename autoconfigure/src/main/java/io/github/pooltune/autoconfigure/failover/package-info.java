/**
 * Primary failovers: connections to a server that became read-only are evicted (set on
 * each pool by {@code PooltuneAutoConfiguration}), and a pool that reaches another
 * server is named in the log and its capacity checked again.
 */
@NullMarked
package io.github.pooltune.autoconfigure.failover;

import org.jspecify.annotations.NullMarked;
