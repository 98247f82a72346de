package io.github.pooltune.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain HTTP calls to a running sample app, for the tests.
 *
 * @author pooltune
 */
final class SampleHttp {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	SampleHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> roles(String key) throws IOException, InterruptedException {
		return get("/api/roles", "Authorization", "Bearer " + key);
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/** The body is short JSON that names no pool, SQL, exception or stack frame. */
	static void assertNoInternals(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/json"));
		assertThat(response.body()).hasSizeLessThan(120)
			.doesNotContainIgnoringCase("hikari")
			.doesNotContain("Connection is not available")
			.doesNotContain("SQL")
			.doesNotContain("Exception")
			.doesNotContain("pooltune_")
			.doesNotContain("\tat ")
			.doesNotContain(".java:");
	}

}
