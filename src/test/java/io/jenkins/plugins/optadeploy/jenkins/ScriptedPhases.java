package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployLog;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Prepared;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.flow.Stage;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import io.jenkins.plugins.optadeploy.spec.InvalidSpecException;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Engine phases the test drives by hand, to exercise the step's state machine (resume, stop, status) without a
 * cluster. The agent side reads the spec with the real reader; the rollout is a future the test completes.
 */
final class ScriptedPhases implements DeployPhases {
    final BlockingQueue<CompletableFuture<DeployReport>> rollouts = new LinkedBlockingQueue<>();
    final BlockingQueue<Release> awaited = new LinkedBlockingQueue<>();
    final BlockingQueue<String> aborts = new LinkedBlockingQueue<>();
    volatile ClusterCredentials lastCluster;
    /** When set, release() waits for it: a deploy caught while applying. */
    volatile CountDownLatch releaseGate;
    final CountDownLatch releasing = new CountDownLatch(1);
    /** When set, the agent side waits for it: a deploy caught while preparing (static: the agent side is sent away). */
    static volatile CountDownLatch prepareGate;

    @Override
    public AgentSide agentSide() {
        return (workspace, request, auth, tempDir, log) -> {
            CountDownLatch gate = prepareGate;
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeployException(Stage.IMAGE, "interrupted while pushing");
                }
            }
            try {
                var spec = new SpecReader().read(workspace, request.file(), SpecInputs.none());
                log.line("read " + request.file() + "; pushing as " + auth.username() + " with password " + auth.password());
                return new Prepared(spec, "localhost:5000/" + spec.layerName() + "/" + spec.service().moduleName()
                        + "@sha256:" + "ab".repeat(32), "sha256:" + "ab".repeat(32), "localhost:5000/" + spec.layerName()
                        + "/" + spec.service().moduleName(), List.of(new DeployReport.StageTiming("spec", 5)));
            } catch (InvalidSpecException e) {
                throw new DeployException(Stage.SPEC, e.getMessage());
            }
        };
    }

    @Override
    public Release release(Prepared prepared, DeployRequest request, ClusterCredentials cluster, DeployLog log)
            throws DeployException {
        lastCluster = cluster;
        releasing.countDown();
        if (cluster instanceof ClusterCredentials.Token t) {
            log.line("connecting with bearer " + t.token()); // must come out masked
        }
        CountDownLatch gate = releaseGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.line("applied Deployment " + prepared.spec().service().moduleName());
        return opaqueRelease(prepared);
    }

    /** What the scripted releases wait for: the deadline the engine fixes when it applies. */
    private static final RolloutTarget ROLLOUT = RolloutTarget.deployment("hello", "app", 1,
            java.time.Instant.now().plus(java.time.Duration.ofHours(1)), java.util.Map.of("app", "hello"));

    /** The engine makes releases; the scripted phases only need one to hand back, so they build it reflectively. */
    private static Release opaqueRelease(Prepared prepared) {
        try {
            var constructor = Release.class.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            Object[] args = new Object[constructor.getParameterCount()];
            Class<?>[] types = constructor.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == boolean.class ? Boolean.TRUE : types[i] == List.class ? List.of()
                        : types[i] == Prepared.class ? prepared : types[i] == RolloutTarget.class ? ROLLOUT : null;
            }
            return (Release) constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<DeployReport> awaitRollout(Release release, ClusterCredentials cluster, DeployLog log) {
        lastCluster = cluster;
        CompletableFuture<DeployReport> f = new CompletableFuture<>();
        awaited.add(release);
        rollouts.add(f);
        return f;
    }

    @Override
    public DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log) {
        aborts.add(reason);
        log.line("rolling back: " + reason);
        return report(DeployReport.Outcome.ROLLED_BACK, "Aborted; rolled back to revision 1",
                List.of("Deployment app restored to revision 1"));
    }

    static DeployReport report(DeployReport.Outcome outcome, String summary, List<String> rolledBack) {
        return new DeployReport("hello/app", "hello", outcome, summary,
                "localhost:5000/hello/app@sha256:" + "ab".repeat(32), "sha256:" + "ab".repeat(32),
                "localhost:5000/hello/app", "2", "https://hello.example.com/app",
                List.of(new DeployReport.StageTiming("spec", 5), new DeployReport.StageTiming("rollout", 1200)),
                List.of(new DeployReport.ObjectChange("Deployment", "app", "updated")), List.of(),
                List.of(new DeployReport.PodTimeline("app-7d9-x", java.time.Instant.parse("2026-11-21T10:00:00Z"),
                        outcome == DeployReport.Outcome.SUCCEEDED ? java.time.Instant.parse("2026-11-21T10:00:04Z") : null,
                        outcome == DeployReport.Outcome.SUCCEEDED ? "Running" : "CrashLoopBackOff")),
                outcome == DeployReport.Outcome.SUCCEEDED ? List.of() : List.of("app-7d9-x: CrashLoopBackOff (exit 1)"),
                rolledBack,
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n---\napiVersion: v1\nkind: Secret\n"
                        + "metadata:\n  name: leaked\ndata:\n  password: bGVha2VkLXNlY3JldA==\n",
                null, List.of(), "app");
    }
}
