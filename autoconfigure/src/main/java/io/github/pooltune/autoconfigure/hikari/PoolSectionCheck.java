package io.github.pooltune.autoconfigure.hikari;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.settings.PoolSections;
import io.github.pooltune.autoconfigure.settings.PoolSections.Section;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Stops the start-up when a {@code db.pools.<name>.*} section names no
 * {@code HikariDataSource} bean, once every bean exists: before that a section may be
 * for a bean not created yet. A pool inside a proxy bean (a {@code HikariDataSource}
 * created in a {@code @Bean} method that returns a wrapper) is no bean of its own, so no
 * section can reach it.
 *
 * @author pooltune
 */
public class PoolSectionCheck implements SmartInitializingSingleton {

	private final ObjectProvider<PoolSections> sections;

	private final PoolTunings tunings;

	private final ListableBeanFactory beanFactory;

	public PoolSectionCheck(ObjectProvider<PoolSections> sections, PoolTunings tunings,
			ListableBeanFactory beanFactory) {
		this.sections = sections;
		this.tunings = tunings;
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<Section> all = this.sections.getObject().all();
		if (all.isEmpty()) {
			return;
		}
		Set<String> pools = new LinkedHashSet<>();
		this.tunings.all().forEach((tuning) -> pools.add(tuning.pool()));
		// A lazy bean is tuned when it is first used; its type is known without creating it.
		pools.addAll(List.of(this.beanFactory.getBeanNamesForType(HikariDataSource.class, true, false)));
		List<Section> unknown = new ArrayList<>();
		for (Section section : all) {
			if (pools.stream().noneMatch((pool) -> pool.equalsIgnoreCase(section.name()))) {
				unknown.add(section);
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownPoolSectionException(unknown, List.copyOf(pools));
		}
	}

}
