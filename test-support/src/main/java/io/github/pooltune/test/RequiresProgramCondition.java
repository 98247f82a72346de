package io.github.pooltune.test;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The condition behind {@link RequiresProgram}: enabled when the program resolves,
 * disabled with its one-line reason when it is missing, and an error when it is missing
 * and the run requires it.
 *
 * @author pooltune
 */
final class RequiresProgramCondition implements ExecutionCondition {

	private static final Logger logger = LoggerFactory.getLogger(RequiresProgramCondition.class);

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<RequiresProgram> annotation = AnnotationSupport.findAnnotation(context.getElement(),
				RequiresProgram.class);
		if (annotation.isEmpty()) {
			return ConditionEvaluationResult.enabled("no program required");
		}
		TestProgram program = annotation.get().value().program();
		try {
			program.resolve();
			return ConditionEvaluationResult.enabled(program + " is there");
		}
		catch (TestAbortedException ex) {
			// Surefire counts disabled tests but does not print why: one line of our own does.
			logger.warn("{} skipped: {}", testName(context), ex.getMessage());
			return ConditionEvaluationResult.disabled(ex.getMessage());
		}
	}

	private static String testName(ExtensionContext context) {
		String className = context.getRequiredTestClass().getSimpleName();
		return context.getTestMethod().map((method) -> className + "." + method.getName()).orElse(className);
	}

}
