/**
 * Auto-configuration that names a hazard of virtual threads in the HikariCP release on
 * the classpath.
 */
@NullMarked
package io.github.pooltune.autoconfigure.virtualthreads;

import org.jspecify.annotations.NullMarked;
