package io.jenkins.plugins.optadeploy.apply;

/** The cluster cannot be reached with the given credentials; the message says why without showing any secret. */
public final class ClusterConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterConnectionException(String message) {
        super(message);
    }
}
