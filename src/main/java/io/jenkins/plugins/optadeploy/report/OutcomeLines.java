package io.jenkins.plugins.optadeploy.report;

import io.jenkins.plugins.optadeploy.apply.DryRunResult;
import io.jenkins.plugins.optadeploy.apply.RollbackResult;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;

/**
 * The one-line summaries of how a deploy ended, as the build page, the console and the CLI show them. Kept together
 * so that the wording of every ending reads alike.
 */
public final class OutcomeLines {
    /** What the rollout wait reports when an abort took over: the abort's own report says what it did. */
    public static final String ABORTED = "aborted";

    private OutcomeLines() {}

    public static String dryRun(DryRunResult dryRun) {
        if (!dryRun.changesAnything()) {
            return "dry run: the cluster already matches the spec; nothing was applied";
        }
        long changed = dryRun.objects().stream().filter(o -> o.change() != DryRunResult.Change.UNCHANGED).count();
        return "dry run: " + changed + " of " + dryRun.objects().size() + " objects would change"
                + (dryRun.namespaceWouldBeCreated() ? " and the namespace would be created" : "")
                + "; nothing was applied";
    }

    public static String appliedWithoutPods(int objects) {
        return "applied " + objects + " objects; max_containers is 0, so no pods roll out";
    }

    /** {@code Deployment shop/web rolled out to revision 3: 2 new pods ready}. */
    public static String rolledOut(String workload, RolloutOutcome outcome) {
        String number = DeployReportBuilder.revisionOf(outcome.revision());
        int pods = outcome.pods().size();
        return workload + " rolled out" + (number == null ? "" : " to revision " + number) + ": " + pods
                + (pods == 1 ? " new pod" : " new pods") + " ready";
    }

    /** Why a rollout failed: the gate's diagnosis, else the error that ended the wait. */
    public static String rolloutFailed(RolloutOutcome outcome, Throwable error) {
        return outcome != null && outcome.diagnosis() != null ? outcome.diagnosis().summary()
                : "the rollout wait failed: " + (error == null ? "unknown" : error.getMessage());
    }

    public static String applyFailed(String error) {
        return "apply failed: " + error;
    }

    /** A failure ({@code why}) that was rolled back, saying when the rollback was incomplete. */
    public static String rolledBack(String why, RollbackResult rollback) {
        return why + "; rolled back" + incomplete(rollback);
    }

    public static String keptWithoutRollback(String why) {
        return why + " (rollback is off: the new objects stay)";
    }

    public static String abortedAndRolledBack(String reason, RollbackResult rollback) {
        return "aborted (" + reason + ") and rolled back" + incomplete(rollback);
    }

    public static String abortedWithoutRollback(String reason) {
        return "aborted (" + reason + "); rollback is off, the new objects stay";
    }

    public static String abortedUnreachable(String reason, String error) {
        return "aborted (" + reason + "); could not roll back: " + error;
    }

    private static String incomplete(RollbackResult rollback) {
        return rollback.complete() ? "" : ", incompletely: " + String.join("; ", rollback.failures());
    }
}
