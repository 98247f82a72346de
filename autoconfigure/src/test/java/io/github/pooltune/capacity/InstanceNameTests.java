package io.github.pooltune.capacity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code <service>#<instance>} names: what they look like, how they fit PostgreSQL's
 * 63 bytes of printable ASCII, and how they are read back.
 *
 * @author pooltune
 */
class InstanceNameTests {

	@Test
	void namesTheServiceTheHostAndTheProcess() {
		assertThat(InstanceName.of("orders-api", "web-1", 4242, 1).applicationName()).isEqualTo("orders-api#web-1:4242");
		assertThat(InstanceName.of("orders-api", "web-1.eu-west-1.compute.internal", 4242, 1).instance())
			.isEqualTo("web-1:4242");
		assertThat(InstanceName.of("orders-api", "10.0.3.17", 7, 1).instance()).isEqualTo("10.0.3.17:7");
	}

	@Test
	void aSecondApplicationContextOfOneJvmIsAnInstanceOfItsOwn() {
		assertThat(InstanceName.of("orders-api", "web-1", 4242, 2).applicationName())
			.isEqualTo("orders-api#web-1:4242.2");
	}

	@Test
	void noServiceNameIsSpringBootsDefault() {
		assertThat(InstanceName.of(" ", "web-1", 1, 1).applicationName()).isEqualTo("application#web-1:1");
	}

	@Test
	void staysWithinWhatPostgresqlKeepsAndCutsEveryInstanceOfALongServiceAlike() {
		String service = "payments-reconciliation-and-settlement-service-eu-central";
		InstanceName pod = InstanceName.of(service, "payments-reconciliation-7d9f8b6c5d-x2x7k", 4194303, 12);
		InstanceName vm = InstanceName.of(service, "a", 1, 1);
		assertThat(pod.applicationName()).hasSizeLessThanOrEqualTo(InstanceName.MAX_LENGTH);
		assertThat(pod.service()).isEqualTo(vm.service()).hasSize(InstanceName.MAX_SERVICE);
		// The end of a pod's name tells it apart.
		assertThat(pod.instance()).isEqualTo("c5d-x2x7k:4194303.12");
		assertThat(pod.applicationName()).hasSize(InstanceName.MAX_LENGTH);
	}

	@Test
	void keepsToPrintableAsciiAndTheServiceToItsPart() {
		InstanceName name = InstanceName.of("bestellungen-über#eu", "hôte", 9, 1);
		assertThat(name.applicationName()).isEqualTo("bestellungen-?ber-eu#h?te:9");
		assertThat(InstanceName.parse(name.applicationName())).isEqualTo(name);
	}

	@Test
	void readsBackOnlyNamesOfThatShape() {
		assertThat(InstanceName.parse("orders-api#web-1:4242")).isEqualTo(new InstanceName("orders-api", "web-1:4242"));
		assertThat(InstanceName.parse("orders-api")).isNull();
		assertThat(InstanceName.parse("#web-1")).isNull();
		assertThat(InstanceName.parse("orders-api#")).isNull();
		assertThat(InstanceName.serviceOf("orders-api#web-1:4242")).isEqualTo("orders-api");
		assertThat(InstanceName.serviceOf("PostgreSQL JDBC Driver")).isEqualTo("PostgreSQL JDBC Driver");
	}

}
