package io.github.pooltune.autoconfigure.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DatabaseUrl}.
 *
 * @author pooltune
 */
class DatabaseUrlTests {

	@Test
	void splitsTheTwelveFactorFormIntoJdbcUrlUserAndPassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:secret@db.internal:6543/orders?sslmode=require");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/orders?sslmode=require");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("secret");
	}

	@Test
	void acceptsPostgresSchemeAndDefaultsThePort() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app@localhost/orders");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/orders");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isNull();
	}

	@Test
	void decodesPercentEncodedCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app%40corp:p%40ss%3Aw+rd@localhost:5432/orders");
		assertThat(url.username()).isEqualTo("app@corp");
		assertThat(url.password()).isEqualTo("p@ss:w+rd");
	}

	@Test
	void withoutCredentialsLeavesThemUnset() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://localhost/orders");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void rejectsOtherSchemesWithoutShowingThePassword() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("mysql://app:hunter2@localhost/orders"))
			.withMessageContaining("postgresql://")
			.withMessageContaining("mysql://app:******@localhost/orders")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void rejectsUnencodedSpecialCharactersWithoutShowingThePassword() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://app:hun ter2@localhost/orders"))
			.withMessageContaining("percent-encode")
			.withMessageNotContaining("hun ter2");
	}

	@Test
	void rejectsAUrlWithoutHost() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgresql:///orders"))
			.withMessageContaining("names no host");
	}

	@Test
	void keepsSeveralHostsInOrderForTheDriverToChooseThePrimary() {
		DatabaseUrl url = DatabaseUrl
			.parse("postgresql://app:p%40ss@10.0.0.1:5433,10.0.0.2,db-3.internal:6543/orders?targetServerType=primary");
		assertThat(url.jdbcUrl()).isEqualTo(
				"jdbc:postgresql://10.0.0.1:5433,10.0.0.2:5432,db-3.internal:6543/orders?targetServerType=primary");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("p@ss");
	}

	@Test
	void severalHostsWithoutCredentialsOrWithIpv6() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://[::1]:5433,[fd00::2]/orders");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433,[fd00::2]:5432/orders");
		assertThat(url.username()).isNull();
		assertThat(DatabaseUrl.parse("postgresql://user@127.0.0.1:5432,127.0.0.1:5433/postgres").jdbcUrl())
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/postgres");
	}

	@Test
	void rejectsAnEmptyOrMalformedHostInTheListWithoutShowingThePassword() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@db1:5432,/orders"))
			.withMessageContaining("its list of hosts holds ''")
			.withMessageNotContaining("hunter2");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@db1,db2:port/orders"))
			.withMessageContaining("'db2:port', which is not host or host:port")
			.withMessageNotContaining("hunter2");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@,db2/orders"))
			.withMessageContaining("names no host")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void somethingThatIsNoUrlAtAllIsNotEchoed() {
		assertThat(InvalidDatabaseUrlException.mask("hunter2")).isEqualTo("<7 characters, not a URL>");
	}

	@Test
	void toStringHidesThePassword() {
		assertThat(DatabaseUrl.parse("postgresql://app:hunter2@localhost/orders").toString())
			.doesNotContain("hunter2");
	}

}
