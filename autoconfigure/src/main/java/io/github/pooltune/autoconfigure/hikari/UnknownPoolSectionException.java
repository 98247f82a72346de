package io.github.pooltune.autoconfigure.hikari;

import java.util.List;
import java.util.stream.Collectors;

import io.github.pooltune.autoconfigure.settings.PoolSections.Section;

/**
 * Thrown at start-up when a {@code db.pools.<name>.*} section names no
 * {@code HikariDataSource} bean: a misspelt or renamed bean would otherwise leave its
 * settings silently unused.
 *
 * @author pooltune
 */
public class UnknownPoolSectionException extends IllegalStateException {

	private final List<Section> sections;

	private final List<String> pools;

	public UnknownPoolSectionException(List<Section> sections, List<String> pools) {
		super(sections.stream().map(Section::displayName).collect(Collectors.joining(", "))
				+ " names no HikariDataSource bean; the pools are " + pools);
		this.sections = List.copyOf(sections);
		this.pools = List.copyOf(pools);
	}

	/** The sections that name no pool. */
	public List<Section> getSections() {
		return this.sections;
	}

	/** The HikariDataSource beans there are. */
	public List<String> getPools() {
		return this.pools;
	}

}
