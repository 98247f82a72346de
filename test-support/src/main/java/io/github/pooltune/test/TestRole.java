package io.github.pooltune.test;

/**
 * A login role made for one test, with a password no other text contains; dropped when
 * the JVM exits.
 *
 * @param name the role name
 * @param password its password
 * @author pooltune
 */
public record TestRole(String name, String password) {

	@Override
	public String toString() {
		return "TestRole[name=" + this.name + "]";
	}

}
