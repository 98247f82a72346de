/**
 * Auto-configuration of the capacity check of the fleet against the server, and the demand sampler.
 */
@NullMarked
package io.github.pooltune.autoconfigure.capacity;

import org.jspecify.annotations.NullMarked;
