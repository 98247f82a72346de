package io.github.pooltune.autoconfigure.capacity;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.capacity.Demand;
import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Measures each pool's demand: every few seconds, on a thread of its own, it reads the
 * pool's state from HikariCP's MXBean and HikariCP's own usage timer (how long each
 * connection was held), so nothing is added to the borrow path. Logs one hint per pool when overflow connections
 * are in use more than half the time (the SQLAlchemy pooling guide: "increase pool_size").
 *
 * @author pooltune
 */
public class DemandSampler implements BackgroundCheck {

	static final Duration PERIOD = Duration.ofSeconds(5);

	static final Duration WINDOW = Duration.ofMinutes(5);

	/** A minute of samples at the default period before any hint. */
	static final int HINT_MIN_SAMPLES = 12;

	private static final Log logger = LogFactory.getLog(DemandSampler.class);

	private final Map<String, HikariDataSource> pools;

	private final ObjectProvider<MeterRegistry> registry;

	private final Duration period;

	private final Duration window;

	private final Map<String, DemandWindow> windows = new ConcurrentHashMap<>();

	private final Set<String> hinted = ConcurrentHashMap.newKeySet();

	public DemandSampler(Map<String, HikariDataSource> pools, ObjectProvider<MeterRegistry> registry) {
		this(pools, registry, PERIOD, WINDOW);
	}

	/**
	 * A sampler that samples every {@code period} (the autopilot asks for one at least
	 * every half of its interval), over the usual window.
	 */
	public DemandSampler(Map<String, HikariDataSource> pools, ObjectProvider<MeterRegistry> registry,
			Duration period) {
		this(pools, registry, (period.compareTo(PERIOD) < 0) ? period : PERIOD, WINDOW);
	}

	DemandSampler(Map<String, HikariDataSource> pools, ObjectProvider<MeterRegistry> registry, Duration period,
			Duration window) {
		this.pools = pools;
		this.registry = registry;
		this.period = period;
		this.window = window;
	}

	/** The demand measured so far, or {@code null} before two samples of a started pool. */
	public Demand demand(String pool) {
		DemandWindow demandWindow = this.windows.get(pool);
		return (demandWindow != null) ? demandWindow.demand() : null;
	}

	/**
	 * The demand over the most recent part of the window (the autopilot's last few
	 * decisions), or {@code null} before two samples of it.
	 */
	public Demand demand(String pool, Duration recent) {
		DemandWindow demandWindow = this.windows.get(pool);
		return (demandWindow != null) ? demandWindow.demand(recent) : null;
	}

	void sample() {
		MeterRegistry meterRegistry = this.registry.getIfAvailable();
		this.pools.forEach((name, pool) -> {
			if (pool.getHikariPoolMXBean() == null) {
				return;
			}
			PoolSnapshot snapshot = PoolSnapshot.of(pool);
			Timer lease = (meterRegistry != null) ? meterRegistry.find(PoolMeterNames.USAGE)
				.tag(PoolMeterNames.POOL_TAG, pool.getPoolName())
				.timer() : null;
			DemandWindow demandWindow = this.windows.computeIfAbsent(name, (key) -> new DemandWindow(this.window));
			demandWindow.add(new DemandWindow.Sample(System.nanoTime(), (lease != null) ? lease.count() : 0,
					(lease != null) ? lease.totalTime(TimeUnit.MILLISECONDS) : 0, snapshot.checkedOut(),
					snapshot.waiting(), snapshot.poolSize()));
			hintOnce(name, snapshot.poolSize(), demandWindow.demand());
		});
	}

	private void hintOnce(String name, int poolSize, Demand demand) {
		if (demand != null && demand.samples() >= HINT_MIN_SAMPLES && demand.overflowShare() > 0.5
				&& demand.recommendedPoolSize() > poolSize && this.hinted.add(name)) {
			logger.warn(String.format("Pool '%s' used overflow connections in %.0f %% of the last %.0f s (pool-size %d, "
					+ "%.1f connections in use on average = %.1f borrows/s × %.1f ms): increase DB_POOL_SIZE to %d",
					name, demand.overflowShare() * 100, demand.windowSeconds(), poolSize, demand.meanInUse(),
					demand.borrowsPerSecond(), demand.meanLeaseMillis(), demand.recommendedPoolSize()));
		}
	}

	/** Samples every period once the application is ready. */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		scheduler.everyAfterReady("demand sampler", this.period, this.period, this::sample);
	}

}
