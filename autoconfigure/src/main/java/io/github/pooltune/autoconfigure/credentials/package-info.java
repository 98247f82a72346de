/**
 * Binds rotating credentials to HikariCP pools; registered by {@code PooltuneAutoConfiguration}.
 */
@NullMarked
package io.github.pooltune.autoconfigure.credentials;

import org.jspecify.annotations.NullMarked;
