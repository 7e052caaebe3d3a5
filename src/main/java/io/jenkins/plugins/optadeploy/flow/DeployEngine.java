package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.RolloutStage.Finished;
import io.jenkins.plugins.optadeploy.image.PushedImage;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The one engine behind the Pipeline step, the freestyle step and the CLI: spec -> image -> manifests -> apply ->
 * rollout gate -> report. Split in phases so that Jenkins runs {@link #prepare} on the agent that holds the
 * workspace and the rest on the controller, and can resume {@link #awaitRollout} after a restart; the CLI's
 * {@code validate}, {@code render} and {@code push} run the first phases alone. Every phase takes a
 * {@link DeployRequest}, so that every front end applies the same rules. Deploys hold their cluster session in the
 * {@link ClusterSessions} given, between {@link #release} and the end of the rollout or {@link #abort}.
 */
public final class DeployEngine {
    private final ClusterConnector connector;
    private final ClusterSessions sessions;
    private final RolloutStage rollout;
    private final SessionRecovery recovery;

    /** An engine with its own sessions: for one process that runs its deploys through this engine only (the CLI). */
    public DeployEngine() {
        this(new ClusterConnector(), RolloutOptions.DEFAULTS);
    }

    public DeployEngine(ClusterConnector connector, RolloutOptions options) {
        this(connector, options, new ClusterSessions());
    }

    /** An engine over sessions shared with the other engines of this JVM, which may stop what this one started. */
    public DeployEngine(ClusterConnector connector, RolloutOptions options, ClusterSessions sessions) {
        this.connector = connector;
        this.sessions = sessions;
        this.rollout = new RolloutStage(new RolloutGate(options), sessions);
        this.recovery = new SessionRecovery(sessions, connector);
    }

    /** Reads and validates the request's spec; warnings go to the log. */
    public ServiceSpec validate(Path workspace, DeployRequest request, DeployLog log) throws DeployException {
        return SpecStage.read(workspace, request, log);
    }

    /** The objects a deploy of {@code spec} applies, running the AUTO image at its push tag (a deploy pins the digest). */
    public Manifests render(ServiceSpec spec, DeployRequest request) throws DeployException {
        return ManifestStage.render(ImageStage.unpushed(spec, request, new StageClock(List.of())), request);
    }

    /** Pushes the request's image to the AUTO repository of {@code spec}. */
    public PushedImage push(Path workspace, ServiceSpec spec, DeployRequest request, RegistryAuth registryAuth,
            Path tempDir, DeployLog log) throws DeployException {
        return ImageStage.push(workspace, spec, request, registryAuth, tempDir, log);
    }

    /** Agent side: read and validate the spec, push the image when {@code image: AUTO}. Nothing touches the cluster. */
    public Prepared prepare(Path workspace, DeployRequest request, RegistryAuth registryAuth, Path tempDir, DeployLog log)
            throws DeployException {
        StageClock clock = new StageClock(List.of());
        ServiceSpec spec = validate(workspace, request, log);
        clock.lap("spec");
        return ImageStage.prepare(workspace, spec, request, registryAuth, tempDir, log, clock);
    }

    /** Controller side: render, take the service lock, apply (or dry-run). The returned release is what a resume needs. */
    public Release release(Prepared prepared, DeployRequest request, ClusterCredentials cluster, DeployLog log)
            throws DeployException {
        StageClock clock = new StageClock(prepared.timings());
        Manifests manifests = ManifestStage.render(prepared, request);
        log.line("rendered " + manifests.objects().size() + " objects for namespace " + manifests.namespace());
        clock.lap("manifests");
        ClusterSession session = sessions.open(connector, cluster);
        Release release = null;
        try {
            ApplyStage apply = new ApplyStage(session, prepared, manifests, request, clock, log);
            release = request.dryRun() ? apply.dryRun() : apply.apply();
            return release;
        } finally {
            if (release != null && release.completed == null) {
                release.sessionId = session.id; // the rollout wait, or an abort, ends it
            } else {
                sessions.end(session.id);
            }
        }
    }

    /** Waits for the rollout without holding a thread; on failure rolls back when requested. Also used after a restart. */
    public CompletableFuture<DeployReport> awaitRollout(Release release, ClusterCredentials cluster, DeployLog log) {
        return finish(release, cluster, log).thenApply(Finished::report);
    }

    /** Stops a deploy in progress (build aborted): cancels the wait and rolls back. */
    public DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log) {
        return release.completed != null ? release.completed : recovery.abort(release, cluster, reason, log);
    }

    /** prepare + release + awaitRollout in one call, for the CLI and the freestyle step. */
    public DeployReport deploy(Path workspace, DeployRequest request, RegistryAuth registryAuth,
            ClusterCredentials cluster, Path tempDir, DeployLog log) throws DeployException {
        Prepared prepared = prepare(workspace, request, registryAuth, tempDir, log);
        Release release = release(prepared, request, cluster, log);
        Finished finished;
        try {
            finished = finish(release, cluster, log).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            DeployReport aborted = abort(release, cluster, "interrupted", log);
            throw new DeployException(Stage.ROLLOUT, aborted.summary(), false, aborted);
        } catch (ExecutionException e) {
            throw new DeployException(Stage.ROLLOUT, "the rollout wait failed: " + e.getCause().getMessage());
        }
        if (!finished.report().succeeded()) {
            throw new DeployException(Stage.ROLLOUT, finished.report().summary(), finished.timedOut(), finished.report());
        }
        return finished.report();
    }

    private CompletableFuture<Finished> finish(Release release, ClusterCredentials cluster, DeployLog log) {
        if (release.completed != null) {
            return CompletableFuture.completedFuture(new Finished(release.completed, false));
        }
        try {
            return rollout.await(release, recovery.attach(release, cluster, log), log);
        } catch (DeployException e) {
            DeployReport report = Reports.released(release, new StageClock(release.timings)).diagnostic(e.getMessage())
                    .outcome(Outcome.FAILED, e.getMessage()).build();
            return CompletableFuture.completedFuture(new Finished(report, false));
        }
    }
}
