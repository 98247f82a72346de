package io.github.pooltune.autoconfigure.database;

import java.util.regex.Pattern;

/**
 * Thrown when {@code DATABASE_URL} is not a PostgreSQL URL. The message shows the URL
 * with its password masked.
 *
 * @author pooltune
 */
public class InvalidDatabaseUrlException extends IllegalArgumentException {

	/** scheme://user:password@ — everything between the first ':' after the user and the last '@'. */
	private static final Pattern PASSWORD = Pattern.compile("^([^:/]*://[^:@/]*:)(.*)(@[^@]*)$");

	private final String maskedUrl;

	private final String reason;

	public InvalidDatabaseUrlException(String url, String reason) {
		super("DATABASE_URL '" + mask(url) + "' cannot be used: " + reason);
		this.maskedUrl = mask(url);
		this.reason = reason;
	}

	public String getMaskedUrl() {
		return this.maskedUrl;
	}

	public String getReason() {
		return this.reason;
	}

	static String mask(String url) {
		String masked = PASSWORD.matcher(url.strip()).replaceFirst("$1******$3");
		// Anything not shaped like a URL might be a bare secret: show its shape only.
		return masked.contains("://") ? masked : "<" + url.length() + " characters, not a URL>";
	}

}
