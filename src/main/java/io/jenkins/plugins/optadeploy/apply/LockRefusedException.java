package io.jenkins.plugins.optadeploy.apply;

/** The API server refused a read or write the deploy lock needs (RBAC, a missing namespace): nothing was applied. */
public final class LockRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public LockRefusedException(String message) {
        super(message);
    }
}
