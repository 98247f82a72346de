/**
 * The {@code db.*} settings ({@code DB_*} in the environment). Each is defined once, in
 * {@link io.github.pooltune.autoconfigure.settings.Setting}: its name, type, default,
 * allowed values and preset values. Spring Boot binds them into
 * {@link io.github.pooltune.autoconfigure.settings.PooltuneProperties} (a pool's
 * {@code db.pools.<bean-name>.*} section into
 * {@link io.github.pooltune.autoconfigure.settings.PoolProperties});
 * {@link io.github.pooltune.autoconfigure.settings.PoolSettings} resolves and checks them
 * once, before any pool starts, and the {@code hikari} package applies them. So
 * {@code DB_POOL_SIZE} is {@code Setting.POOL_SIZE}, read as
 * {@code PoolSettings.value(Setting.POOL_SIZE)}, and set by {@code HikariTuning} as
 * HikariCP's {@code minimumIdle}.
 */
@NullMarked
package io.github.pooltune.autoconfigure.settings;

import org.jspecify.annotations.NullMarked;
