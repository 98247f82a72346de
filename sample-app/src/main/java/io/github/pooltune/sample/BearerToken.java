package io.github.pooltune.sample;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The key in an {@code Authorization: Bearer <key>} header (RFC 6750; the scheme matched
 * ignoring case).
 *
 * @author pooltune
 */
final class BearerToken {

	private static final String BEARER = "bearer ";

	private BearerToken() {
	}

	/** The token, or {@code null} for a missing header, another scheme or an empty token. */
	static @Nullable String of(@Nullable String authorization) {
		if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
			return null;
		}
		String token = authorization.substring(BEARER.length()).strip();
		return token.isEmpty() ? null : token;
	}

}
