/**
 * {@code DATABASE_URL}, read into Spring Boot's {@code spring.datasource.*}.
 */
@NullMarked
package io.github.pooltune.autoconfigure.database;

import org.jspecify.annotations.NullMarked;
