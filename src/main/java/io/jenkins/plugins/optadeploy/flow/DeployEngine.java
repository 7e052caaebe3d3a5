package io.jenkins.plugins.optadeploy.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.ApplyException;
import io.jenkins.plugins.optadeploy.apply.ApplyOutcome;
import io.jenkins.plugins.optadeploy.apply.ApplyRequest;
import io.jenkins.plugins.optadeploy.apply.ClusterConnectionException;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.apply.DryRunResult;
import io.jenkins.plugins.optadeploy.apply.LockTimeoutException;
import io.jenkins.plugins.optadeploy.apply.RollbackResult;
import io.jenkins.plugins.optadeploy.apply.LockRefusedException;
import io.jenkins.plugins.optadeploy.apply.ServiceLock;
import io.jenkins.plugins.optadeploy.image.ImagePushException;
import io.jenkins.plugins.optadeploy.image.ImagePusher;
import io.jenkins.plugins.optadeploy.image.ImageSource;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.PushedImage;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.manifests.ManifestRenderer;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.manifests.RenderContext;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.report.DeployReportBuilder;
import io.jenkins.plugins.optadeploy.rollout.Diagnosis;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import io.jenkins.plugins.optadeploy.spec.InvalidSpecException;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecProblem;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one engine behind the Pipeline step, the freestyle step and the CLI: spec -> image -> manifests -> apply ->
 * rollout gate -> report. Split in phases so that Jenkins runs {@link #prepare} on the agent that holds the
 * workspace and the rest on the controller, and can resume {@link #awaitRollout} after a restart.
 */
public final class DeployEngine {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** What rendered objects record as their deployer; {@code render} in the CLI shows the same value. */
    public static final String DEPLOYED_BY = "opta-deploy/" + version();

    /**
     * Deploys between {@link #release} and the end of their wait, in this JVM: the client and the held lock. Static
     * because the Jenkins step may stop a deploy through another engine instance than the one that started it.
     */
    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    /** Static for the same reason as the sessions, which hold these clients. */
    private static final SharedClients CLIENTS = new SharedClients();

    /** Finishing a rollout may roll back (blocking API calls): kept off the gate's few watch threads. */
    private static final ExecutorService FINISHER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "opta-deploy finisher");
        thread.setDaemon(true);
        return thread;
    });

    private final ClusterConnector connector;
    private final RolloutGate gate;

    public DeployEngine() {
        this(new ClusterConnector(), RolloutOptions.DEFAULTS);
    }

    public DeployEngine(ClusterConnector connector, RolloutOptions options) {
        this.connector = connector;
        this.gate = new RolloutGate(options);
    }

    /** Agent side: read and validate the spec, push the image when {@code image: AUTO}. Nothing touches the cluster. */
    public Prepared prepare(Path workspace, DeployRequest request, RegistryAuth registryAuth, Path tempDir, DeployLog log)
            throws DeployException {
        StageClock clock = new StageClock(List.of());
        ServiceSpec spec = readSpec(workspace, request, log);
        clock.lap("spec");
        K8sService service = spec.service();
        ImageSource source = ImageSelection.source(workspace, request, registryAuth);
        if (service.image() instanceof K8sService.Image.External external) {
            if (source != null) {
                throw new DeployException(Stage.IMAGE, request.file() + " names the image '" + external.reference()
                        + "', so there is nothing to push: remove localImage, imageArchive and sourceImage, "
                        + "or set image: AUTO");
            }
            log.line("image: " + external.reference() + " (external, not pushed)");
            return new Prepared(spec, external.reference(), null, null, clock.timings());
        }
        if (source == null) {
            throw new DeployException(Stage.IMAGE, request.file() + " has image: AUTO, so the deploy needs the image this "
                    + "build made: set localImage (name:tag in the agent's Docker), imageArchive (a tarball in the "
                    + "workspace) or sourceImage (a registry reference)");
        }
        ImageTarget target = ImageSelection.target(spec, request);
        if (request.dryRun()) {
            log.line("dry run: would push " + source.describe() + " to " + target);
            clock.lap("image");
            return new Prepared(spec, target.toString(), null, target.repositoryUrl(), clock.timings());
        }
        log.line("pushing " + source.describe() + " to " + target);
        PushedImage pushed;
        try {
            pushed = new ImagePusher(tempDir, new PushProgressLog(log), request.pushStallTimeout())
                    .push(source, target, registryAuth);
        } catch (ImagePushException e) {
            throw new DeployException(Stage.IMAGE, e.getMessage());
        }
        log.line("pushed " + pushed.reference());
        clock.lap("image");
        return new Prepared(spec, pushed.reference(), pushed.digest(), pushed.dockerRepoUrl(), clock.timings());
    }

    /** Controller side: render, take the service lock, apply (or dry-run). The returned release is what a resume needs. */
    public Release release(Prepared prepared, DeployRequest request, ClusterCredentials cluster, DeployLog log)
            throws DeployException {
        StageClock clock = new StageClock(prepared.timings());
        ServiceSpec spec = prepared.spec();
        Manifests manifests = render(prepared, request);
        String url = serviceUrl(spec.service());
        log.line("rendered " + manifests.objects().size() + " objects for namespace " + manifests.namespace());
        clock.lap("manifests");

        KubernetesClient client = connect(cluster);
        ApplyRequest applyRequest = new ApplyRequest(manifests.namespace(), manifests.objects(), Labels.OWNER,
                manifests.ownerLabelValue(), request.forceConflicts(), request.dryRun());
        Applier applier = new Applier(client, log::line);
        if (request.dryRun()) {
            try {
                DryRunResult dryRun = applier.dryRun(applyRequest);
                clock.lap("dry run");
                DeployReport report = base(prepared, manifests, url, clock)
                        .dryRun(dryRun)
                        .outcome(Outcome.DRY_RUN, dryRun.changesAnything()
                                ? "dry run: " + changes(dryRun) + "; nothing was applied"
                                : "dry run: the cluster already matches the spec; nothing was applied")
                        .build();
                log.line(report.summary());
                return new Release(prepared, manifests.toYaml(), url, request.rollback(), null, null, null, null,
                        report, clock.timings());
            } finally {
                CLIENTS.release(client);
            }
        }

        Duration timeout = timeout(request, spec);
        String holder = holder(request);
        ServiceLock lock = takeLock(client, manifests, holder, timeout, log);
        ApplyOutcome outcome;
        try {
            outcome = applier.apply(applyRequest);
        } catch (ApplyException e) {
            clock.lap("apply");
            DeployReport report = applyFailed(prepared, manifests, url, clock, applier, request, e, log);
            lock.close();
            CLIENTS.release(client);
            throw new DeployException(Stage.APPLY, report.summary(), false, report);
        } catch (RuntimeException e) {
            // the Applier turns API failures into ApplyException; anything else still must not leave the lock held
            lock.close();
            CLIENTS.release(client);
            throw new DeployException(Stage.APPLY, "apply failed: " + e.getMessage());
        }
        clock.lap("apply");
        HasMetadata workload = manifests.workload();
        if (workload == null) {
            lock.close();
            CLIENTS.release(client);
            DeployReport report = base(prepared, manifests, url, clock).applied(outcome.result())
                    .outcome(Outcome.SUCCEEDED, "applied " + outcome.result().applied().size()
                            + " objects; max_containers is 0, so no pods roll out")
                    .build();
            log.line(report.summary());
            return new Release(prepared, manifests.toYaml(), url, request.rollback(), holder, outcome.result(),
                    outcome.snapshot(), null, report, clock.timings());
        }
        RolloutTarget target = target(workload, outcome.result().workloadGeneration().orElse(1L),
                Instant.now().plus(timeout));
        Release release = new Release(prepared, manifests.toYaml(), url, request.rollback(), holder, outcome.result(),
                outcome.snapshot(), target, null, clock.timings());
        SESSIONS.put(release.id, new Session(client, lock));
        return release;
    }

    /** Waits for the rollout without holding a thread; on failure rolls back when requested. Also used after a restart. */
    public CompletableFuture<DeployReport> awaitRollout(Release release, ClusterCredentials cluster, DeployLog log) {
        return finish(release, cluster, log).thenApply(Finished::report);
    }

    /** Stops a deploy in progress (build aborted): cancels the wait and rolls back. */
    public DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log) {
        if (release.completed != null) {
            return release.completed;
        }
        Session session = SESSIONS.remove(release.id);
        if (session != null && session.wait != null) {
            session.wait.cancel(true);
        }
        StageClock clock = new StageClock(release.timings);
        DeployReportBuilder report = base(release, clock).diagnostic("aborted: " + reason);
        KubernetesClient client;
        try {
            client = session != null ? session.client : CLIENTS.acquire(connector, cluster, REQUEST_TIMEOUT);
        } catch (ClusterConnectionException e) {
            return report.outcome(Outcome.FAILED, "aborted (" + reason + "); could not roll back: " + e.getMessage())
                    .build();
        }
        try {
            if (!release.rollback) {
                return report.outcome(Outcome.FAILED, "aborted (" + reason + "); rollback is off, the new objects stay")
                        .build();
            }
            log.line("aborted (" + reason + "): rolling back");
            RollbackResult rollback = new Applier(client, log::line).rollback(release.snapshot, release.applied);
            clock.lap("rollback");
            return report.rolledBack(rollback).timings(clock.timings())
                    .outcome(Outcome.ROLLED_BACK, "aborted (" + reason + ") and rolled back" + incomplete(rollback))
                    .build();
        } finally {
            if (session != null) {
                session.lock.close();
            }
            CLIENTS.release(client);
        }
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
        Session session = SESSIONS.get(release.id);
        if (session == null) {
            try {
                session = reattach(release, cluster, log);
            } catch (DeployException e) {
                DeployReport report = base(release, new StageClock(release.timings)).diagnostic(e.getMessage())
                        .outcome(Outcome.FAILED, e.getMessage()).build();
                return CompletableFuture.completedFuture(new Finished(report, false));
            }
        }
        Session attached = session;
        long started = System.nanoTime();
        log.line("waiting for " + release.target.describe() + " to roll out (until " + release.target.deadline() + ")");
        CompletableFuture<RolloutOutcome> wait = gate.await(attached.client, release.target, log::line);
        attached.wait = wait;
        return wait.handleAsync((outcome, error) -> conclude(release, attached, outcome, error, started, log), FINISHER);
    }

    /** After a controller restart: a new client, and the same lock holder takes its lock back. */
    private Session reattach(Release release, ClusterCredentials cluster, DeployLog log) throws DeployException {
        KubernetesClient client = connect(cluster);
        try {
            ServiceLock lock = ServiceLock.acquire(client, release.target.namespace(),
                    Labels.ownerValue(release.prepared.spec().layerName(), release.prepared.spec().service().moduleName()),
                    release.lockHolder, Duration.ZERO, log::line);
            Session session = new Session(client, lock);
            SESSIONS.put(release.id, session);
            log.line("re-attached to " + release.target.describe());
            return session;
        } catch (LockTimeoutException e) {
            CLIENTS.release(client);
            throw new DeployException(Stage.ROLLOUT, "cannot resume: another deploy took the service's lock while "
                    + "this one was interrupted. " + e.getMessage());
        } catch (LockRefusedException e) {
            CLIENTS.release(client);
            throw new DeployException(Stage.ROLLOUT, "cannot resume: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CLIENTS.release(client);
            throw new DeployException(Stage.ROLLOUT, "interrupted while re-attaching to " + release.target.describe());
        }
    }

    private Finished conclude(Release release, Session session, RolloutOutcome outcome, Throwable error, long started,
            DeployLog log) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CancellationException) {
            // abort() owns the rollback and the cleanup
            return new Finished(base(release, new StageClock(release.timings))
                    .outcome(Outcome.FAILED, "aborted").build(), false);
        }
        StageClock clock = new StageClock(release.timings, started); // the wait began in finish(), not now
        clock.lap("rollout");
        try {
            DeployReportBuilder report = base(release, clock);
            if (cause != null) {
                report.diagnostic("the rollout wait failed: " + cause.getMessage());
            } else {
                report.rollout(outcome);
            }
            if (cause == null && outcome.succeeded()) {
                int pods = outcome.pods().size();
                String line = release.target.describe() + " rolled out" + revision(outcome) + ": " + pods
                        + (pods == 1 ? " new pod" : " new pods") + " ready";
                log.line(line);
                return new Finished(report.timings(clock.timings()).outcome(Outcome.SUCCEEDED, line).build(), false);
            }
            String why = outcome != null && outcome.diagnosis() != null ? outcome.diagnosis().summary()
                    : "the rollout wait failed: " + (cause == null ? "unknown" : cause.getMessage());
            boolean timedOut = outcome != null && outcome.diagnosis() != null
                    && outcome.diagnosis().reason() == Diagnosis.Reason.TIMEOUT;
            if (outcome != null && outcome.diagnosis() != null) {
                log.line(outcome.diagnosis().render());
            }
            if (!release.rollback) {
                return new Finished(report.timings(clock.timings())
                        .outcome(Outcome.FAILED, why + " (rollback is off: the new objects stay)").build(), timedOut);
            }
            log.line("rolling back " + release.describe());
            RollbackResult rollback = new Applier(session.client, log::line).rollback(release.snapshot, release.applied);
            clock.lap("rollback");
            return new Finished(report.rolledBack(rollback).timings(clock.timings())
                    .outcome(Outcome.ROLLED_BACK, why + "; rolled back" + incomplete(rollback)).build(), timedOut);
        } finally {
            SESSIONS.remove(release.id);
            session.lock.close();
            CLIENTS.release(session.client);
        }
    }

    private ServiceSpec readSpec(Path workspace, DeployRequest request, DeployLog log) throws DeployException {
        try {
            ServiceSpec spec = new SpecReader().read(workspace, request.file(),
                    new SpecInputs(request.environment(), request.vars(), Map.of()));
            spec.warnings().forEach(warning -> log.line("warning: " + warning));
            return spec;
        } catch (InvalidSpecException e) {
            List<SpecProblem> problems = e.problems();
            throw new DeployException(Stage.SPEC, request.file() + " is not a valid Opta service spec ("
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + "); nothing was pushed or applied:\n" + e.getMessage());
        }
    }

    private static Manifests render(Prepared prepared, DeployRequest request) throws DeployException {
        try {
            return new ManifestRenderer().render(prepared.spec(), new RenderContext(prepared.imageReference(),
                    prepared.digest(), prepared.dockerRepoUrl(), request.buildUrl(), request.buildTag(), DEPLOYED_BY));
        } catch (RuntimeException e) {
            throw new DeployException(Stage.MANIFESTS, "could not render the Kubernetes objects: " + e.getMessage());
        }
    }

    private KubernetesClient connect(ClusterCredentials cluster) throws DeployException {
        try {
            return CLIENTS.acquire(connector, cluster, REQUEST_TIMEOUT);
        } catch (ClusterConnectionException e) {
            throw new DeployException(Stage.APPLY, e.getMessage());
        }
    }

    private static ServiceLock takeLock(KubernetesClient client, Manifests manifests, String holder, Duration maxWait,
            DeployLog log) throws DeployException {
        try {
            return ServiceLock.acquire(client, manifests.namespace(), manifests.ownerLabelValue(), holder, maxWait,
                    log::line);
        } catch (LockTimeoutException | LockRefusedException e) {
            CLIENTS.release(client);
            throw new DeployException(Stage.APPLY, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CLIENTS.release(client);
            throw new DeployException(Stage.APPLY, "interrupted while waiting for the deploy lock; nothing was applied");
        }
    }

    private static DeployReport applyFailed(Prepared prepared, Manifests manifests, String url, StageClock clock,
            Applier applier, DeployRequest request, ApplyException e, DeployLog log) {
        DeployReportBuilder report = base(prepared, manifests, url, clock).diagnostic(e.getMessage());
        ApplyOutcome partial = e.partial();
        if (partial != null) {
            report.applied(partial.result());
        }
        if (!request.rollback() || partial == null || partial.result().applied().isEmpty()) {
            return report.outcome(Outcome.FAILED, "apply failed: " + e.getMessage()).build();
        }
        log.line("apply failed: " + e.getMessage() + "; rolling back what was applied");
        RollbackResult rollback = applier.rollback(partial.snapshot(), partial.result());
        clock.lap("rollback");
        return report.rolledBack(rollback).timings(clock.timings())
                .outcome(Outcome.ROLLED_BACK, "apply failed: " + e.getMessage() + "; rolled back" + incomplete(rollback))
                .build();
    }

    private static DeployReportBuilder base(Prepared prepared, Manifests manifests, String url, StageClock clock) {
        return new DeployReportBuilder(prepared.spec())
                .image(prepared.imageReference(), prepared.digest(), prepared.dockerRepoUrl())
                .manifests(manifests.toYaml())
                .url(url)
                .timings(clock.timings());
    }

    private static DeployReportBuilder base(Release release, StageClock clock) {
        Prepared prepared = release.prepared;
        return new DeployReportBuilder(prepared.spec())
                .workload(release.target == null ? null : release.target.name())
                .image(prepared.imageReference(), prepared.digest(), prepared.dockerRepoUrl())
                .manifests(release.manifestsYaml)
                .url(release.url)
                .applied(release.applied)
                .timings(clock.timings());
    }

    private static RolloutTarget target(HasMetadata workload, long generation, Instant deadline) {
        String namespace = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        if (workload instanceof StatefulSet statefulSet) {
            return RolloutTarget.statefulSet(namespace, name, generation, deadline,
                    statefulSet.getSpec().getSelector().getMatchLabels());
        }
        return RolloutTarget.deployment(namespace, name, generation, deadline,
                ((Deployment) workload).getSpec().getSelector().getMatchLabels());
    }

    private static Duration timeout(DeployRequest request, ServiceSpec spec) {
        return request.timeout() != null ? request.timeout() : Duration.ofSeconds(spec.service().rollout().timeoutSeconds());
    }

    /** Who holds the lock, as waiting deploys see it; unique per deploy so a resumed deploy takes back only its own. */
    private static String holder(DeployRequest request) {
        String who = request.buildTag() != null ? request.buildTag() : "opta-deploy";
        return who + " (" + UUID.randomUUID().toString().substring(0, 8) + ")";
    }

    /** The first public_uri with a host, as a URL; null when every entry is host-less (it depends on the ingress). */
    static String serviceUrl(K8sService service) {
        return service.routing().publicUris().stream().filter(uri -> uri.host() != null).findFirst()
                .map(uri -> "http://" + uri.host() + ("/".equals(uri.pathPrefix()) ? "" : uri.pathPrefix()))
                .orElse(null);
    }

    private static String changes(DryRunResult dryRun) {
        long changed = dryRun.objects().stream().filter(o -> o.change() != DryRunResult.Change.UNCHANGED).count();
        return changed + " of " + dryRun.objects().size() + " objects would change"
                + (dryRun.namespaceWouldBeCreated() ? " and the namespace would be created" : "");
    }

    private static String revision(RolloutOutcome outcome) {
        String number = DeployReportBuilder.revisionOf(outcome.revision());
        return number == null ? "" : " to revision " + number;
    }

    private static String incomplete(RollbackResult rollback) {
        return rollback.complete() ? "" : ", incompletely: " + String.join("; ", rollback.failures());
    }

    private static String version() {
        String version = DeployEngine.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** A held lock and its client, while a rollout is waited for in this JVM. */
    private static final class Session {
        final KubernetesClient client;
        final ServiceLock lock;
        volatile CompletableFuture<RolloutOutcome> wait;

        Session(KubernetesClient client, ServiceLock lock) {
            this.client = client;
            this.lock = lock;
        }
    }

    private record Finished(DeployReport report, boolean timedOut) {}
}
