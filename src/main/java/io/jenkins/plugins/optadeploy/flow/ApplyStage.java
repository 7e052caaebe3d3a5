package io.jenkins.plugins.optadeploy.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.ApplyException;
import io.jenkins.plugins.optadeploy.apply.ApplyOutcome;
import io.jenkins.plugins.optadeploy.apply.ApplyRequest;
import io.jenkins.plugins.optadeploy.apply.DryRunResult;
import io.jenkins.plugins.optadeploy.apply.LockRefusedException;
import io.jenkins.plugins.optadeploy.apply.LockTimeoutException;
import io.jenkins.plugins.optadeploy.apply.RollbackResult;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.report.DeployReportBuilder;
import io.jenkins.plugins.optadeploy.report.OutcomeLines;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The apply stage, in a cluster session: a server-side dry run, or the service lock, the apply and (when it fails
 * midway) the rollback of what it applied. Ends in a {@link Release}: the rollout to wait for, or the finished report.
 */
final class ApplyStage {
    private final ClusterSession session;
    private final Prepared prepared;
    private final Manifests manifests;
    private final DeployRequest request;
    private final StageClock clock;
    private final DeployLog log;
    private final Applier applier;

    ApplyStage(ClusterSession session, Prepared prepared, Manifests manifests, DeployRequest request, StageClock clock,
            DeployLog log) {
        this.session = session;
        this.prepared = prepared;
        this.manifests = manifests;
        this.request = request;
        this.clock = clock;
        this.log = log;
        this.applier = new Applier(session.client(), log::line);
    }

    /** What the apply would change; nothing is written. */
    Release dryRun() {
        DryRunResult dryRun = applier.dryRun(applyRequest());
        clock.lap("dry run");
        DeployReport report = Reports.rendered(prepared, manifests, clock).dryRun(dryRun)
                .outcome(Outcome.DRY_RUN, OutcomeLines.dryRun(dryRun)).build();
        log.line(report.summary());
        return release(null, null, null, report);
    }

    /** Takes the lock and applies; the release holds the rollout to wait for, or the report when none rolls out. */
    Release apply() throws DeployException {
        String holder = holder();
        lock(holder);
        log.writing();
        ApplyOutcome outcome = applyObjects();
        clock.lap("apply");
        HasMetadata workload = manifests.workload();
        if (workload == null) {
            DeployReport report = Reports.rendered(prepared, manifests, clock).applied(outcome.result())
                    .outcome(Outcome.SUCCEEDED, OutcomeLines.appliedWithoutPods(outcome.result().applied().size()))
                    .build();
            log.line(report.summary());
            return release(holder, outcome, null, report);
        }
        Instant deadline = Instant.now().plus(rolloutTimeout());
        long generation = outcome.result().workloadGeneration().orElse(1L);
        return release(holder, outcome, RolloutTarget.of(workload, generation, deadline), null);
    }

    private void lock(String holder) throws DeployException {
        Duration wait = request.effectiveLockWait();
        try {
            session.lock(manifests.namespace(), manifests.ownerLabelValue(), holder, wait, log);
        } catch (LockTimeoutException e) {
            throw new DeployException(Stage.APPLY, e.getMessage() + " The lock wait (" + wait.toSeconds()
                    + " s) is its own setting, apart from the rollout timeout; by default it is "
                    + DeployRequest.DEFAULT_LOCK_WAIT.toSeconds() + " s.");
        } catch (LockRefusedException e) {
            throw new DeployException(Stage.APPLY, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(Stage.APPLY, "interrupted while waiting for the deploy lock; nothing was applied");
        }
    }

    private ApplyOutcome applyObjects() throws DeployException {
        try {
            return applier.apply(applyRequest());
        } catch (ApplyException e) {
            clock.lap("apply");
            DeployReport report = applyFailed(e);
            throw new DeployException(Stage.APPLY, report.summary(), false, report);
        } catch (RuntimeException e) {
            // the Applier turns API failures into ApplyException; the session still ends, so the lock is released
            throw new DeployException(Stage.APPLY, OutcomeLines.applyFailed(e.getMessage()));
        }
    }

    private DeployReport applyFailed(ApplyException e) {
        DeployReportBuilder report = Reports.rendered(prepared, manifests, clock).diagnostic(e.getMessage());
        ApplyOutcome partial = e.partial();
        if (partial != null) {
            report.applied(partial.result());
        }
        String why = OutcomeLines.applyFailed(e.getMessage());
        if (!request.rollback() || partial == null || partial.result().applied().isEmpty()) {
            return report.outcome(Outcome.FAILED, why).build();
        }
        log.line(why + "; rolling back what was applied");
        RollbackResult rollback = applier.rollback(partial.snapshot(), partial.result());
        clock.lap("rollback");
        return report.rolledBack(rollback).timings(clock.timings())
                .outcome(Outcome.ROLLED_BACK, OutcomeLines.rolledBack(why, rollback)).build();
    }

    private ApplyRequest applyRequest() {
        return new ApplyRequest(manifests.namespace(), manifests.objects(), Labels.OWNER, manifests.ownerLabelValue(),
                request.forceConflicts());
    }

    private Release release(String holder, ApplyOutcome outcome, RolloutTarget target, DeployReport completed) {
        return new Release(prepared, manifests.toYaml(), Reports.serviceUrl(prepared.spec().service()),
                request.rollback(), holder, outcome == null ? null : outcome.result(),
                outcome == null ? null : outcome.snapshot(), target, completed, clock.timings());
    }

    private Duration rolloutTimeout() {
        return request.timeout() != null ? request.timeout()
                : Duration.ofSeconds(prepared.spec().service().rollout().timeoutSeconds());
    }

    /** Who holds the lock, as waiting deploys see it; unique per deploy so a resumed deploy takes back only its own. */
    private String holder() {
        String who = request.buildTag() != null ? request.buildTag() : "opta-deploy";
        return who + " (" + UUID.randomUUID().toString().substring(0, 8) + ")";
    }
}
