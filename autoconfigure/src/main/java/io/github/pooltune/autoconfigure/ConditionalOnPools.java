package io.github.pooltune.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.settings.PoolSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Matches when pooltune runs and the context has a DataSource: what every part that
 * checks or shows the pools needs. pooltune runs when its {@link PoolSettings} bean exists
 * ({@link PooltuneAutoConfiguration} made it, so {@code db.enabled} is not {@code false}
 * and was read once, there). Use it on an auto-configuration ordered after
 * {@link PooltuneAutoConfiguration} and Spring Boot's {@code DataSourceAutoConfiguration}.
 *
 * @author pooltune
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean({ PoolSettings.class, DataSource.class })
public @interface ConditionalOnPools {

}
