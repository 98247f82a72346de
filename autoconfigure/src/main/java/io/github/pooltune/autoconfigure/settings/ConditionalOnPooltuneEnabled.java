package io.github.pooltune.autoconfigure.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches unless {@code db.enabled} (DB_ENABLED) is {@code false}; any value other than
 * {@code true} or {@code false} stops the start-up with pooltune's failure analysis
 * rather than switching pooltune off without a word.
 *
 * @author pooltune
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnPooltuneEnabledCondition.class)
public @interface ConditionalOnPooltuneEnabled {

}
