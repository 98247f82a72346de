package io.github.pooltune.autoconfigure.diagnostics;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Whether the application keeps a JPA {@code EntityManager} open for each whole web
 * request: Spring's open-in-view, which Spring Boot's JPA web configuration
 * ({@code JpaBaseConfiguration.JpaWebConfiguration}, module {@code spring-boot-jpa})
 * turns on by default in a servlet web application, as an
 * {@code OpenEntityManagerInViewInterceptor} bean, unless {@code spring.jpa.open-in-view}
 * is {@code false}. The EntityManager keeps the connection of its first query until the
 * response is written (Hibernate's resource-local default: acquire late, hold until
 * the session closes), so a request that waits on something else holds its connection
 * idle all that time. Found from the bean definitions, once, when first asked.
 *
 * @author pooltune
 */
final class OpenInView {

	static final String PROPERTY = "spring.jpa.open-in-view";

	/** Spring's interceptor (what Spring Boot registers) and its filter (what some applications register). */
	static final List<String> TYPES = List.of("org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor",
			"org.springframework.orm.jpa.support.OpenEntityManagerInViewFilter");

	private final ListableBeanFactory beans;

	private final Environment environment;

	private volatile @Nullable String description;

	private volatile boolean looked;

	OpenInView(ListableBeanFactory beans, Environment environment) {
		this.beans = beans;
		this.environment = environment;
	}

	/** What keeps the EntityManager open for the request, and how it came on, or {@code null} when nothing does. */
	@Nullable String description() {
		if (!this.looked) {
			this.description = lookUp();
			this.looked = true;
		}
		return this.description;
	}

	private @Nullable String lookUp() {
		ClassLoader classLoader = getClass().getClassLoader();
		for (String type : TYPES) {
			if (ClassUtils.isPresent(type, classLoader) && this.beans
				.getBeanNamesForType(ClassUtils.resolveClassName(type, classLoader), true, false).length > 0) {
				String value = this.environment.getProperty(PROPERTY);
				String how = (value == null) ? "Spring Boot's default" : PROPERTY + "=" + value;
				return String.format("open-in-view is on (%s): each web request keeps its JPA EntityManager, and the "
						+ "connection of its first query, until the response is written (%s)", how,
						ClassUtils.getShortName(type));
			}
		}
		return null;
	}

}
