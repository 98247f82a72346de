package io.github.pooltune.capacity;

import org.jspecify.annotations.Nullable;

/**
 * The name an instance's connections carry in {@code pg_stat_activity}:
 * {@code <service>#<instance>}, such as {@code orders-api#web-7f9c:4242}. The part before
 * {@code #} groups a fleet by service; the whole name tells one instance (one JVM, one
 * application context) from its siblings, on one host or many, so that an instance knows
 * its own sessions and counts the others.
 * <p>
 * PostgreSQL keeps 63 bytes of an {@code application_name} and replaces anything but
 * printable ASCII, so names are made of printable ASCII within 63 characters. A long
 * service name is cut at the same length in every instance (so its instances still group
 * together), and a long host name keeps its end, the part that tells pods and containers
 * apart.
 *
 * @param service the service, {@code spring.application.name}
 * @param instance the instance within the service: {@code <host>:<pid>}, with
 * {@code .<n>} for the n-th application context of one JVM that names its pools
 * @author pooltune
 */
public record InstanceName(String service, String instance) {

	/** Between the service and the instance. */
	public static final char SEPARATOR = '#';

	/** What PostgreSQL keeps of an {@code application_name} (NAMEDATALEN − 1). */
	public static final int MAX_LENGTH = 63;

	/** At least this much is left for the instance part, whatever the service's name. */
	static final int MIN_INSTANCE = 20;

	static final int MAX_SERVICE = MAX_LENGTH - 1 - MIN_INSTANCE;

	/**
	 * The name of one instance.
	 * @param service the service's name; blank gives {@code application}, Spring Boot's
	 * own default
	 * @param host the host name (its first label is kept)
	 * @param pid the process id
	 * @param context which application context of the JVM this is, from 1
	 */
	public static InstanceName of(String service, String host, long pid, int context) {
		String cleanService = clean(service).strip();
		if (cleanService.isEmpty()) {
			cleanService = "application";
		}
		cleanService = cleanService.substring(0, Math.min(cleanService.length(), MAX_SERVICE));
		String process = ":" + pid + ((context > 1) ? "." + context : "");
		String cleanHost = clean(firstLabel(host));
		int hostRoom = MAX_LENGTH - 1 - cleanService.length() - process.length();
		if (cleanHost.length() > hostRoom) {
			// The end of a pod's or container's name is the part that tells it apart.
			cleanHost = cleanHost.substring(cleanHost.length() - Math.max(0, hostRoom));
		}
		return new InstanceName(cleanService, cleanHost + process);
	}

	/**
	 * The instance an {@code application_name} names, or {@code null} when it is no
	 * {@code <service>#<instance>} name (an application's own name, say).
	 */
	public static @Nullable InstanceName parse(@Nullable String applicationName) {
		if (applicationName == null) {
			return null;
		}
		int separator = applicationName.indexOf(SEPARATOR);
		if (separator < 1 || separator == applicationName.length() - 1) {
			return null;
		}
		return new InstanceName(applicationName.substring(0, separator), applicationName.substring(separator + 1));
	}

	/** The service an {@code application_name} belongs to: the part before {@code #}, or all of it. */
	public static String serviceOf(String applicationName) {
		InstanceName name = parse(applicationName);
		return (name != null) ? name.service() : applicationName;
	}

	/** {@code <service>#<instance>}, as pgjdbc's {@code ApplicationName} and {@code pg_stat_activity} show it. */
	public String applicationName() {
		return this.service + SEPARATOR + this.instance;
	}

	@Override
	public String toString() {
		return applicationName();
	}

	/** Printable ASCII only, as PostgreSQL keeps it; no {@code #}, which ends the service. */
	private static String clean(String name) {
		StringBuilder cleaned = new StringBuilder(name.length());
		name.chars().forEach((c) -> cleaned.append((c == SEPARATOR) ? '-' : (c >= 0x20 && c < 0x7f) ? (char) c : '?'));
		return cleaned.toString();
	}

	private static String firstLabel(String host) {
		String name = host.strip();
		boolean address = name.chars().allMatch((c) -> Character.isDigit(c) || c == '.');
		int dot = name.indexOf('.');
		return (address || dot < 1) ? name : name.substring(0, dot);
	}

}
