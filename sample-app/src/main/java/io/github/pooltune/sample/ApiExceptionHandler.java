package io.github.pooltune.sample;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.pool.PoolSnapshot;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns what the sample's controllers throw into a short JSON answer: for a database
 * failure a client may retry (see {@link DatabaseFailure}) 503 with {@code Retry-After}
 * and one WARN line without a stack; the status Spring MVC gives a bad request (400,
 * 405, …); and 500 for anything else, logged as an ERROR with its stack. The body never
 * carries an exception, SQL or pool internals; the log keeps them.
 *
 * @author pooltune
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private final HikariDataSource dataSource;

	ApiExceptionHandler(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@ExceptionHandler
	ResponseEntity<ApiError> handleUnexpected(Exception failure, HttpServletRequest request) {
		DatabaseFailure databaseFailure = DatabaseFailure.of(failure,
				() -> PoolSnapshot.of(this.dataSource).totalConnections());
		if (databaseFailure == null || !databaseFailure.isTransient()) {
			String reason = (databaseFailure != null) ? " (" + databaseFailure.reason() + ")" : "";
			this.logger.error("Unexpected failure on " + describe(request) + reason, failure);
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError("internal error"));
		}
		// One line, no stack: under load this happens many times a second.
		this.logger.warn(describe(request) + " answered " + databaseFailure.status().value() + " ("
				+ describe(databaseFailure) + "): " + message(DatabaseFailure.decidingFailure(failure)));
		return ResponseEntity.status(databaseFailure.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(databaseFailure.retryAfter().toSeconds()))
			.body(databaseFailure.body());
	}

	/** Spring MVC's own request errors keep their status; the body becomes the short one. */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		HttpStatus known = HttpStatus.resolve(status.value());
		String error = (known != null) ? known.getReasonPhrase().toLowerCase(Locale.ROOT) : "request failed";
		return super.handleExceptionInternal(failure, new ApiError(error), headers, status, request);
	}

	private static String describe(HttpServletRequest request) {
		return request.getMethod() + " " + request.getRequestURI();
	}

	private static String describe(DatabaseFailure failure) {
		return (failure.setting() != null) ? failure.reason() + ", " + failure.setting() : failure.reason();
	}

	/**
	 * The most specific message on one line: the server's Detail, Hint and Where come on
	 * lines of their own, and an I/O error's own cause often has no message.
	 */
	private static String message(Throwable failure) {
		String message = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return (message != null) ? message.strip().replaceAll("\\s*\\R\\s*", " ") : failure.getClass().getName();
	}

}
