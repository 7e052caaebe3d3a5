package io.jenkins.plugins.optadeploy.apply;

/**
 * An apply that did not complete. The message says what failed and what to do; {@link #partial()} is what was done
 * before the failure (with the snapshot) so that the caller can roll it back: never null, empty when nothing was
 * written. It includes an object whose apply may have taken effect although its answer was lost.
 */
public final class ApplyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ApplyOutcome partial;

    public ApplyException(String message, ApplyOutcome partial) {
        super(message);
        this.partial = partial;
    }

    public ApplyOutcome partial() {
        return partial;
    }
}
