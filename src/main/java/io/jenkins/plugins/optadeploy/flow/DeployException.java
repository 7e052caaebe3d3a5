package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.util.List;

/**
 * A deploy that cannot go on; the message is for the user and never carries a stack trace or a secret. When the
 * deploy got as far as the cluster, {@link #report()} says what was applied and rolled back.
 */
public final class DeployException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Stage stage;
    private final boolean timedOut;
    private final DeployReport report;
    private final List<String> problems;

    public DeployException(Stage stage, String message) {
        this(stage, message, false, null);
    }

    public DeployException(Stage stage, String message, boolean timedOut, DeployReport report) {
        this(stage, message, timedOut, report, List.of());
    }

    /** An invalid spec: the message introduces the problems, each {@code file:line:column: field: message}. */
    DeployException(Stage stage, String message, List<String> problems) {
        this(stage, message, false, null, problems);
    }

    private DeployException(Stage stage, String message, boolean timedOut, DeployReport report, List<String> problems) {
        super(message);
        this.stage = stage;
        this.timedOut = timedOut;
        this.report = report;
        this.problems = List.copyOf(problems);
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

    /** The spec's problems, one line each, when the spec was invalid; else empty. */
    public List<String> problems() {
        return problems;
    }
}
