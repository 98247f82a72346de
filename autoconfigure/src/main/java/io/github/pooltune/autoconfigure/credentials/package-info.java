/**
 * Auto-configuration that binds rotating credentials to HikariCP pools.
 */
@NullMarked
package io.github.pooltune.autoconfigure.credentials;

import org.jspecify.annotations.NullMarked;
