/**
 * Auto-configuration of the autopilot: each pool's running maximum sized by what it
 * measures, within its share of the server.
 */
@NullMarked
package io.github.pooltune.autoconfigure.autosize;

import org.jspecify.annotations.NullMarked;
