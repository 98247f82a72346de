package io.github.pooltune.sample;

import java.util.List;

/**
 * Who an API key belongs to and what it may do: the body of {@code GET /api/roles}.
 *
 * @param owner the key's owner
 * @param roles the key's roles
 * @author pooltune
 */
record ApiKey(String owner, List<String> roles) {

}
