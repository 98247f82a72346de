package io.github.pooltune.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the sample's {@code api_keys} table, as a JPA service would map it.
 *
 * @author pooltune
 */
@Entity
@Table(name = "api_keys")
public class ApiKeyRow {

	@Id
	@Column(name = "key_hash")
	private String keyHash;

	private String owner;

	protected ApiKeyRow() {
	}

	public String owner() {
		return this.owner;
	}

}
