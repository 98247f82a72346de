package io.github.pooltune.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.health.PoolHealthIndicator;
import io.github.pooltune.pool.PoolSnapshot;

import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: the auth-service guide's health JSON, read from HikariCP's MXBean
 * without borrowing a connection, so it answers at once even when the pool is exhausted.
 * 503 and {@code "unhealthy"} when pooltune's {@code pool} health indicator is DOWN (the
 * pool has started but holds no connection and cannot open one); 200 otherwise, busy or
 * not.
 *
 * @author pooltune
 */
@RestController
class HealthController {

	private final HikariDataSource dataSource;

	private final PoolHealthIndicator poolHealth;

	HealthController(HikariDataSource dataSource) {
		this.dataSource = dataSource;
		this.poolHealth = new PoolHealthIndicator(dataSource);
	}

	@GetMapping("/health")
	ResponseEntity<Map<String, Object>> health() {
		boolean down = Status.DOWN.equals(this.poolHealth.health().getStatus());
		PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
		Map<String, Object> database = new LinkedHashMap<>();
		database.put("pool_size", pool.poolSize());
		database.put("checked_out", pool.checkedOut());
		database.put("available", pool.available());
		database.put("overflow", pool.overflow());
		database.put("total_connections", pool.totalConnections());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", down ? "unhealthy" : "healthy");
		body.put("database", database);
		return ResponseEntity.status(down ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).body(body);
	}

}
