package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.report.DeployReport;

/**
 * A deploy that cannot go on; the message is for the user and never carries a stack trace or a secret. When the
 * deploy got as far as the cluster, {@link #report()} says what was applied and rolled back.
 */
public final class DeployException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Stage stage;
    private final boolean timedOut;
    private final DeployReport report;

    public DeployException(Stage stage, String message) {
        this(stage, message, false, null);
    }

    public DeployException(Stage stage, String message, boolean timedOut, DeployReport report) {
        super(message);
        this.stage = stage;
        this.timedOut = timedOut;
        this.report = report;
    }

    /** What the deploy did before it failed, or null when it failed before touching the cluster. */
    public DeployReport report() {
        return report;
    }

    public Stage stage() {
        return stage;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
