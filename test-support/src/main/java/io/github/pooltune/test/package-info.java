/**
 * The PostgreSQL fixture of pooltune's tests, and the programs and faults they use.
 */
@NullMarked
package io.github.pooltune.test;

import org.jspecify.annotations.NullMarked;
