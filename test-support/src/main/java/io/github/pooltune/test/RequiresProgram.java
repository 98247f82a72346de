package io.github.pooltune.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only where the program it needs is there
 * ({@link TestProgram}): otherwise its tests are skipped with one line that names the
 * program and how to install it, or fail when the run requires every program
 * ({@code CI=true}).
 *
 * @author pooltune
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RequiresProgramCondition.class)
public @interface RequiresProgram {

	/** The program the tests need. */
	Program value();

	/** The programs tests may need. */
	enum Program {

		/** {@link TestProgram#PGBOUNCER}. */
		PGBOUNCER(TestProgram.PGBOUNCER),

		/** {@link TestProgram#PROMTOOL}. */
		PROMTOOL(TestProgram.PROMTOOL);

		private final TestProgram program;

		Program(TestProgram program) {
			this.program = program;
		}

		TestProgram program() {
			return this.program;
		}

	}

}
