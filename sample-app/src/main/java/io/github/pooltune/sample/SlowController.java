package io.github.pooltune.sample;

import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/slow?ms=N}: holds one pool connection for N milliseconds on the server,
 * to fill the pool on demand.
 *
 * @author pooltune
 */
@RestController
class SlowController {

	private static final int MAX_MILLIS = 10_000;

	private final JdbcTemplate jdbcTemplate;

	SlowController(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@GetMapping("/api/slow")
	Map<String, Object> slow(@RequestParam(defaultValue = "100") int ms) {
		int millis = Math.max(0, Math.min(ms, MAX_MILLIS));
		Integer backend = this.jdbcTemplate.queryForObject("select pg_backend_pid() from pg_sleep(?)", Integer.class,
				millis / 1000.0);
		return Map.of("slept_ms", millis, "backend_pid", backend);
	}

}
