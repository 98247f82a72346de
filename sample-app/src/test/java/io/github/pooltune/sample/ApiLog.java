package io.github.pooltune.sample;

import java.util.List;
import java.util.stream.IntStream;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sample's {@code ApiExceptionHandler} logged about a request, read from the
 * output the test captured: a 503 is one WARN line with no stack, a 500 an ERROR with
 * its stack.
 *
 * @author pooltune
 */
final class ApiLog {

	private static final String HANDLER = ".sample.ApiExceptionHandler ";

	private ApiLog() {
	}

	/**
	 * The handler logged exactly one line whose message starts with {@code text}, at
	 * WARN, and no stack after it.
	 * @return the line, as printed
	 */
	static String assertOneWarnLine(CapturedOutput output, String text) {
		List<String> lines = output.getOut().lines().toList();
		List<Integer> matching = indexesOf(lines, text);
		assertThat(matching).as("lines with '%s'", text).hasSize(1);
		int index = matching.get(0);
		String line = lines.get(index);
		assertThat(line).contains(" WARN ").contains(HANDLER);
		if (index + 1 < lines.size()) {
			assertThat(lines.get(index + 1)).as("the line after the WARN line").satisfies(ApiLog::isNotStack);
		}
		assertThat(output.getOut()).doesNotContain("Unexpected failure on");
		return line;
	}

	/** The handler logged exactly one ERROR line whose message starts with {@code text}, then the failure's stack. */
	static void assertOneErrorWithStack(CapturedOutput output, String text) {
		List<String> lines = output.getOut().lines().toList();
		List<Integer> matching = indexesOf(lines, text);
		assertThat(matching).as("lines with '%s'", text).hasSize(1);
		int index = matching.get(0);
		assertThat(lines.get(index)).contains(" ERROR ").contains(HANDLER);
		assertThat(lines.subList(index + 1, Math.min(lines.size(), index + 4)))
			.anySatisfy((line) -> assertThat(line).startsWith("\tat "));
		assertThat(output.getOut()).doesNotContain(" answered 503 ");
	}

	private static List<Integer> indexesOf(List<String> lines, String text) {
		return IntStream.range(0, lines.size())
			.filter((i) -> lines.get(i).contains(" : " + text))
			.boxed()
			.toList();
	}

	private static void isNotStack(String line) {
		assertThat(line).doesNotStartWith("\tat ")
			.doesNotStartWith("Caused by")
			.doesNotContainPattern("^[\\w.$]+(Exception|Error)\\b");
	}

}
