package io.github.pooltune.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.util.Credentials;

/**
 * The database user, and the password read from a file each time the pool opens a
 * connection: the way Kubernetes secret volumes, Docker secrets and Vault Agent templates
 * hand a password over, and replace the file when it rotates. The next connection the
 * pool opens then uses the new password, without a restart; HikariCP asks only when it
 * opens one, never when a request borrows one. The password is never logged: a file that
 * cannot be read is named, never its content.
 *
 * @author pooltune
 */
record PasswordFileCredentials(String username, Path file) implements HikariCredentialsProvider {

	@Override
	public Credentials getCredentials() {
		try {
			// One trailing newline, as editors and `echo` leave it, is not part of the password.
			return Credentials.of(this.username, Files.readString(this.file).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the database password from " + this.file, ex);
		}
	}

	@Override
	public String toString() {
		return "PasswordFileCredentials[user=" + this.username + ", file=" + this.file + "]";
	}

}
