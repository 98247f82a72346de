/**
 * The sample REST service on the pooltune starter.
 */
@NullMarked
package io.github.pooltune.sample;

import org.jspecify.annotations.NullMarked;
