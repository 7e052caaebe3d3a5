package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.apply.LockRefusedException;
import io.jenkins.plugins.optadeploy.apply.LockTimeoutException;
import io.jenkins.plugins.optadeploy.apply.RollbackResult;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.report.DeployReportBuilder;
import io.jenkins.plugins.optadeploy.report.OutcomeLines;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.time.Duration;

/**
 * A release's session when the deploy resumes or stops: the live one of this JVM, else a new one (after a controller
 * restart, the same lock holder takes its lock back). Also the abort, which stops the wait and rolls back.
 */
final class SessionRecovery {
    private final ClusterSessions sessions;
    private final ClusterConnector connector;

    SessionRecovery(ClusterSessions sessions, ClusterConnector connector) {
        this.sessions = sessions;
        this.connector = connector;
    }

    /** The release's live session, or a new one holding the release's lock again. */
    ClusterSession attach(Release release, ClusterCredentials cluster, DeployLog log) throws DeployException {
        ClusterSession live = sessions.find(release.sessionId);
        if (live != null) {
            return live;
        }
        ClusterSession session = sessions.open(connector, cluster);
        boolean attached = false;
        try {
            ServiceSpec spec = release.prepared.spec();
            session.lock(release.target.namespace(), Labels.ownerValue(spec.layerName(), spec.service().moduleName()),
                    release.lockHolder, Duration.ZERO, log);
            attached = true;
        } catch (LockTimeoutException e) {
            throw new DeployException(Stage.ROLLOUT, "cannot resume: another deploy took the service's lock while "
                    + "this one was interrupted. " + e.getMessage());
        } catch (LockRefusedException e) {
            throw new DeployException(Stage.ROLLOUT, "cannot resume: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(Stage.ROLLOUT, "interrupted while re-attaching to " + release.target.describe());
        } finally {
            if (!attached) {
                sessions.end(session.id);
            }
        }
        release.sessionId = session.id;
        log.line("re-attached to " + release.target.describe());
        return session;
    }

    /** Stops the wait (if this JVM runs it) and rolls back, in the live session or a new one; then ends it. */
    DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log) {
        ClusterSession session = sessions.find(release.sessionId);
        if (session != null) {
            session.stopWatching();
        }
        StageClock clock = new StageClock(release.timings);
        DeployReportBuilder report = Reports.released(release, clock).diagnostic("aborted: " + reason);
        try {
            session = session != null ? session : sessions.open(connector, cluster);
        } catch (DeployException e) {
            return report.outcome(Outcome.FAILED, OutcomeLines.abortedUnreachable(reason, e.getMessage())).build();
        }
        try {
            if (!release.rollback) {
                return report.outcome(Outcome.FAILED, OutcomeLines.abortedWithoutRollback(reason)).build();
            }
            log.line("aborted (" + reason + "): rolling back");
            RollbackResult rollback = new Applier(session.client(), log::line).rollback(release.snapshot, release.applied);
            clock.lap("rollback");
            return report.rolledBack(rollback).timings(clock.timings())
                    .outcome(Outcome.ROLLED_BACK, OutcomeLines.abortedAndRolledBack(reason, rollback)).build();
        } finally {
            sessions.end(session.id);
        }
    }
}
