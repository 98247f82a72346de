package io.github.pooltune.sample;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/roles} with {@code Authorization: Bearer <key>}: the auth-service
 * guide's key check. 200 with the key's owner and roles, 401 for a missing or malformed
 * header or an unknown key.
 *
 * @author pooltune
 */
@RestController
class RolesController {

	private final ApiKeys apiKeys;

	RolesController(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@GetMapping("/api/roles")
	ResponseEntity<?> roles(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		String key = BearerToken.of(authorization);
		if (key == null) {
			return unauthorized("Bearer", "missing or malformed bearer token");
		}
		return this.apiKeys.find(key)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> unauthorized("Bearer error=\"invalid_token\"", "unknown api key"));
	}

	private static ResponseEntity<ApiError> unauthorized(String challenge, String reason) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, challenge)
			.body(new ApiError("unauthorized", reason));
	}

}
