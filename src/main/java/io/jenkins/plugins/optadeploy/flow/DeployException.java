package io.jenkins.plugins.optadeploy.flow;

/** A deploy that cannot go on; the message is for the user and never carries a stack trace or a secret. */
public final class DeployException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Stage stage;
    private final boolean timedOut;

    public DeployException(Stage stage, String message) {
        this(stage, message, false);
    }

    public DeployException(Stage stage, String message, boolean timedOut) {
        super(message);
        this.stage = stage;
        this.timedOut = timedOut;
    }

    public Stage stage() {
        return stage;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
