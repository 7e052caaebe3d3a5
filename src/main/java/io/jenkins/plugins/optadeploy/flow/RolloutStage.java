package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.RollbackResult;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.report.DeployReportBuilder;
import io.jenkins.plugins.optadeploy.report.OutcomeLines;
import io.jenkins.plugins.optadeploy.rollout.Diagnosis;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The rollout gate stage: waits for a release's rollout without holding a thread, then concludes it (the report, a
 * rollback when it failed and rollback is on) and ends the deploy's cluster session.
 */
final class RolloutStage {
    private final RolloutGate gate;
    private final ClusterSessions sessions;

    RolloutStage(RolloutGate gate, ClusterSessions sessions) {
        this.gate = gate;
        this.sessions = sessions;
    }

    /** How a rollout wait ended; {@code timedOut} when the gate's deadline passed. */
    record Finished(DeployReport report, boolean timedOut) {}

    CompletableFuture<Finished> await(Release release, ClusterSession session, DeployLog log) {
        long started = System.nanoTime();
        log.line("waiting for " + release.target.describe() + " to roll out (until "
                + release.target.deadline().truncatedTo(ChronoUnit.SECONDS) + ")");
        CompletableFuture<RolloutOutcome> wait = gate.await(session.client(), release.target, log::line);
        session.watching(wait);
        return wait.handleAsync((outcome, error) -> conclude(release, session, outcome, unwrap(error), started, log),
                sessions.finisher());
    }

    private Finished conclude(Release release, ClusterSession session, RolloutOutcome outcome, Throwable error,
            long started, DeployLog log) {
        if (error instanceof CancellationException) {
            // an abort stopped the wait: it owns the rollback and ends the session
            return new Finished(Reports.released(release, new StageClock(release.timings))
                    .outcome(Outcome.FAILED, OutcomeLines.ABORTED).build(), false);
        }
        StageClock clock = new StageClock(release.timings, started); // the wait began in await(), not now
        clock.lap("rollout");
        try {
            DeployReportBuilder report = Reports.released(release, clock);
            if (error != null) {
                report.diagnostic("the rollout wait failed: " + error.getMessage());
            } else {
                report.rollout(outcome);
            }
            if (error == null && outcome.succeeded()) {
                String line = OutcomeLines.rolledOut(release.target.describe(), outcome);
                log.line(line);
                return new Finished(report.timings(clock.timings()).outcome(Outcome.SUCCEEDED, line).build(), false);
            }
            return failed(release, session, outcome, error, report, clock, log);
        } finally {
            sessions.end(session.id);
        }
    }

    private static Finished failed(Release release, ClusterSession session, RolloutOutcome outcome, Throwable error,
            DeployReportBuilder report, StageClock clock, DeployLog log) {
        String why = OutcomeLines.rolloutFailed(outcome, error);
        Diagnosis diagnosis = outcome == null ? null : outcome.diagnosis();
        boolean timedOut = diagnosis != null && diagnosis.reason() == Diagnosis.Reason.TIMEOUT;
        if (diagnosis != null) {
            log.line(diagnosis.render());
        }
        if (!release.rollback) {
            return new Finished(report.timings(clock.timings())
                    .outcome(Outcome.FAILED, OutcomeLines.keptWithoutRollback(why)).build(), timedOut);
        }
        log.line("rolling back " + release.describe());
        RollbackResult rollback = new Applier(session.client(), log::line).rollback(release.snapshot, release.applied);
        clock.lap("rollback");
        return new Finished(report.rolledBack(rollback).timings(clock.timings())
                .outcome(Outcome.ROLLED_BACK, OutcomeLines.rolledBack(why, rollback)).build(), timedOut);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
