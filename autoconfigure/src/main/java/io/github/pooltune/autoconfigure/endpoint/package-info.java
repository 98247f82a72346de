/**
 * Auto-configuration of the {@code pooltune} actuator endpoint.
 */
@NullMarked
package io.github.pooltune.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
