package io.github.pooltune.sample;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The short JSON body of every error the sample answers with: what went wrong in a few
 * words, never an exception, SQL or pool internals.
 *
 * @param error what went wrong, e.g. {@code database unavailable}
 * @param reason why, e.g. {@code pool exhausted}, or {@code null}
 * @param setting the environment variable of the setting that decided it, e.g.
 * {@code DB_STATEMENT_TIMEOUT}, or {@code null}
 * @author pooltune
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, String reason, String setting) {

	ApiError(String error) {
		this(error, null, null);
	}

	ApiError(String error, String reason) {
		this(error, reason, null);
	}

}
