package io.github.pooltune.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The sample's API keys through Spring Data JPA.
 *
 * @author pooltune
 */
public interface ApiKeyRows extends JpaRepository<ApiKeyRow, String> {

}
