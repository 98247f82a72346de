/**
 * The {@code db.*} settings ({@code DB_*} in the environment): binding, validation, presets and their failure analysis.
 */
@NullMarked
package io.github.pooltune.autoconfigure.settings;

import org.jspecify.annotations.NullMarked;
