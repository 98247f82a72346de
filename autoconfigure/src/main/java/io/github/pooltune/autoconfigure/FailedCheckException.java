package io.github.pooltune.autoconfigure;

/**
 * Stops the start-up with what one of pooltune's checks found: a pool that cannot work as
 * configured, found before the application takes requests. The check's
 * {@code FailureAnalyzer} explains the finding and says what to change; the message is
 * the finding in one line. Java allows no generic exception, so each subclass takes its
 * kind of finding in its constructor and hands it out typed.
 *
 * @author pooltune
 */
public abstract class FailedCheckException extends IllegalStateException {

	// Transient: a finding holds reports that need not be serializable.
	private final transient Object finding;

	protected FailedCheckException(String message, Object finding) {
		super(message);
		this.finding = finding;
	}

	/** What the check found, as the subclass's constructor took it. */
	protected final <F> F finding(Class<F> type) {
		return type.cast(this.finding);
	}

}
