/**
 * Auto-configuration of the pool metrics, composed with Spring Boot's HikariCP metrics tracker.
 */
@NullMarked
package io.github.pooltune.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
