package io.github.pooltune.autoconfigure.hikari;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.pooltune.capacity.InstanceName;

import org.springframework.util.StringUtils;

/**
 * Who this instance is: the host name and the process id of this JVM, and which of its
 * application contexts names its pools (usually the one). The host name comes from what
 * the system already knows, never from a DNS lookup, which can stall start-up on a host
 * whose own name does not resolve: {@code HOSTNAME} (containers and Kubernetes set it to
 * the pod's name), {@code COMPUTERNAME} (Windows), the kernel's host name (Linux), else a
 * random name for this JVM.
 *
 * @author pooltune
 */
final class ThisInstance {

	private static final Path[] HOST_NAME_FILES = { Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname") };

	/** Application contexts of this JVM that named their pools, so two in one JVM are two instances. */
	private static final AtomicInteger contexts = new AtomicInteger();

	private static volatile String host;

	private ThisInstance() {
	}

	/** The name of a new instance of the service: the next application context of this JVM. */
	static InstanceName name(String service) {
		return InstanceName.of(service, host(), ProcessHandle.current().pid(), contexts.incrementAndGet());
	}

	static String host() {
		String known = host;
		if (known == null) {
			known = findHost();
			host = known;
		}
		return known;
	}

	private static String findHost() {
		for (String variable : new String[] { "HOSTNAME", "COMPUTERNAME" }) {
			String value = System.getenv(variable);
			if (StringUtils.hasText(value)) {
				return value.strip();
			}
		}
		for (Path file : HOST_NAME_FILES) {
			try {
				if (Files.isReadable(file)) {
					String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
					if (!value.isEmpty()) {
						return value;
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Try the next; a random name still tells this JVM apart.
			}
		}
		return "jvm-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
	}

}
