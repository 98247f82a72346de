/**
 * Auto-configuration of the diagnostics: leaks, exhaustion, failures to connect, sessions, start-up failure analyses.
 */
@NullMarked
package io.github.pooltune.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
