/**
 * The database's URLs: {@code DATABASE_URL}, read into Spring Boot's
 * {@code spring.datasource.*}, and JDBC URLs, read as the PostgreSQL driver reads them.
 */
@NullMarked
package io.github.pooltune.autoconfigure.database;

import org.jspecify.annotations.NullMarked;
