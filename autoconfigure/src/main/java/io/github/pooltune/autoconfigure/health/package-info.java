/**
 * Auto-configuration of the {@code db} and {@code pool} health contributors; the indicators are in {@code io.github.pooltune.health}.
 */
@NullMarked
package io.github.pooltune.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
