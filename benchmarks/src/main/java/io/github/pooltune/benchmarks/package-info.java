/**
 * JMH benchmarks of pooltune against plain HikariCP and Spring Boot's pool.
 */
@NullMarked
package io.github.pooltune.benchmarks;

import org.jspecify.annotations.NullMarked;
