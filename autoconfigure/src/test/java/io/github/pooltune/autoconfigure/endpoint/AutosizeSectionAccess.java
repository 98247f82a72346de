package io.github.pooltune.autoconfigure.endpoint;

import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.github.pooltune.autoconfigure.autosize.AutosizeRecord;

import org.springframework.context.ApplicationContext;

/**
 * The endpoint's {@code autosize} section of one pool, for tests in other packages.
 *
 * @author pooltune
 */
public final class AutosizeSectionAccess {

	private AutosizeSectionAccess() {
	}

	/** The section as {@code GET /actuator/pooltune/autosize} answers it, for one pool. */
	@SuppressWarnings("unchecked")
	public static Described of(ApplicationContext context, String pool) {
		Map<String, ?> section = context.getBean(PooltuneEndpoint.class).section(PooltuneEndpoint.AUTOSIZE, null, null);
		AutosizeSection.AutosizeDescriptor descriptor = (AutosizeSection.AutosizeDescriptor) section.get(pool);
		return new Described(descriptor);
	}

	/** What the section says of the pool. */
	public record Described(AutosizeSection.AutosizeDescriptor descriptor) {

		public String mode() {
			return this.descriptor.mode();
		}

		/** The newest change. */
		public AutosizeRecord lastChange() {
			return this.descriptor.changes().get(0);
		}

		public String json() {
			return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(this.descriptor);
		}

	}

}
