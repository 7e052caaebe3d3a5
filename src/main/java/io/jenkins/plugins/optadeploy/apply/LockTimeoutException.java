package io.jenkins.plugins.optadeploy.apply;

/** Another deploy of the same service held the lock for longer than this deploy was willing to wait. */
public final class LockTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    public LockTimeoutException(String message) {
        super(message);
    }
}
