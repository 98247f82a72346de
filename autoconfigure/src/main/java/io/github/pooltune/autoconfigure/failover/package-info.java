/**
 * Auto-configuration for primary failovers: connections to a server that became
 * read-only are evicted.
 */
@NullMarked
package io.github.pooltune.autoconfigure.failover;

import org.jspecify.annotations.NullMarked;
