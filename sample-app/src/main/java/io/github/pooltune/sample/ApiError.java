package io.github.pooltune.sample;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The short JSON body of every error the sample answers with: what went wrong in a few
 * words, never an exception, SQL or pool internals.
 *
 * @param error what went wrong, e.g. {@code database unavailable}
 * @param reason why, e.g. {@code pool exhausted}, or {@code null}
 * @author pooltune
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, String reason) {

	ApiError(String error) {
		this(error, null);
	}

}
