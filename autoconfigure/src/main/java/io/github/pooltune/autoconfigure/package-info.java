/**
 * pooltune's auto-configuration: the settings applied to Spring Boot's HikariCP pool, and the one scheduler of its background checks.
 */
@NullMarked
package io.github.pooltune.autoconfigure;

import org.jspecify.annotations.NullMarked;
