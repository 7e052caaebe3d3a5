package io.jenkins.plugins.optadeploy.rollout;

import static io.jenkins.plugins.optadeploy.testing.Workloads.deployment;
import static io.jenkins.plugins.optadeploy.testing.Workloads.httpProbe;
import static io.jenkins.plugins.optadeploy.testing.Workloads.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** End to end through the gate against the CRUD mock with the simulated control plane. */
class RolloutGateTest extends SimulatedClusterTest {

    static final Duration STEP = Duration.ofMillis(100);
    static final RolloutOptions FAST = RolloutOptions.DEFAULTS.withTolerance(Duration.ofMillis(300))
            .withReadinessGrace(Duration.ZERO);

    final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    Deployment apply(Deployment deployment) {
        return client.apps().deployments().inNamespace(NS).resource(deployment).create();
    }

    RolloutOutcome gate(Deployment applied, Duration timeout, RolloutOptions options) throws Exception {
        return new RolloutGate(options).await(client, target(applied, timeout), progress::add).get(20, TimeUnit.SECONDS);
    }

    @Test
    void succeedsOnlyAfterEveryNewPodIsReady() throws Exception {
        simulator.script("web", i -> PodScript.readyAfter(Duration.ofMillis(150L * (i + 1))));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 3, httpProbe("/healthz", 8080, 1, 3)));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.revision()).isEqualTo(simulator.currentRevision("web") + " (revision 1)");
        assertThat(outcome.timeline()).hasSize(3).allSatisfy(t -> {
            assertThat(t.created()).isNotNull();
            assertThat(t.scheduled()).isNotNull();
            assertThat(t.ready()).isNotNull();
            assertThat(t.readyObserved()).isNotNull();
        });
        Instant lastReadyWritten = simulator.lastReadyWrittenAt("web");
        assertThat(outcome.completedAt()).isAfterOrEqualTo(lastReadyWritten);
        assertThat(outcome.timeline()).allSatisfy(t -> assertThat(t.readyObserved()).isBeforeOrEqualTo(outcome.completedAt()));
        assertThat(outcome.pods()).allSatisfy(p -> assertThat(p.ready()).isTrue());
        String revisionLine = "Deployment shop/web revision 1: ";
        assertThat(progress).contains(revisionLine + "1/3 new pods ready", revisionLine + "2/3 new pods ready",
                revisionLine + "3/3 new pods ready, rollout complete");
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)).as("progress lines never repeat").isNotEqualTo(progress.get(i - 1));
        }
    }

    @Test
    void anUpdateWaitsForTheNewRevisionAndTheOldPodsToGo() throws Exception {
        Deployment first = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 2, null));
        assertThat(gate(first, Duration.ofSeconds(10), FAST).succeeded()).isTrue();
        String firstRevision = simulator.currentRevision("web");
        simulator.script("web", i -> PodScript.readyAfter(Duration.ofMillis(200)));

        Deployment second = client.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("localhost:5000/shop/web:2");
            return d;
        });
        RolloutOutcome outcome = gate(second, Duration.ofSeconds(10), FAST);

        assertThat(second.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.revision()).isEqualTo(simulator.currentRevision("web") + " (revision 2)")
                .doesNotContain(firstRevision);
        assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("web"));
        assertThat(outcome.pods()).hasSize(2).allSatisfy(p -> assertThat(p.pod()).startsWith(simulator.currentRevision("web")));
    }

    @Test
    void crashLoopFailsWithExitCodeAndTheLast30LogLines() throws Exception {
        List<String> log = IntStream.rangeClosed(1, 40).mapToObj(i -> "log line " + i).toList();
        simulator.script("web", PodScript.crashLoop(3, log, 4, STEP));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 1, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        assertThat(outcome.succeeded()).isFalse();
        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.CRASH_LOOP);
        String pod = outcome.pods().get(0).pod();
        // Fails at the first evaluation that sees two restarts; a loaded machine may fold two crashes into one look.
        int restarts = outcome.pods().get(0).restarts();
        assertThat(restarts).isBetween(2, 4);
        assertThat(diagnosis.summary()).isEqualTo("Container app of pod " + pod
                + " keeps crashing (CrashLoopBackOff): exit code 3 (Error) after " + restarts + " restarts");
        assertThat(diagnosis.details()).contains("last termination: exit code 3, reason Error", "restarts: " + restarts,
                "last 30 log lines of the previous app instance:", "| log line 11", "| log line 40");
        assertThat(diagnosis.details()).doesNotContain("| log line 10");
        assertThat(diagnosis.details().stream().filter(l -> l.startsWith("| "))).hasSize(30);
    }

    @Test
    void anOomKillLoopFailsNamingTheMemoryLimit() throws Exception {
        simulator.script("web", PodScript.oomKilled(3, STEP));
        Deployment limited = deployment(NS, "web", "localhost:5000/shop/web:1", 1, null);
        limited.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(
                new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).build());

        RolloutOutcome outcome = gate(apply(limited), Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.OOM_KILLED);
        int restarts = outcome.pods().get(0).restarts();
        assertThat(diagnosis.summary()).isEqualTo("Container app of pod " + outcome.pods().get(0).pod()
                + " keeps running out of memory (OOMKilled, limit 64Mi) after " + restarts + " restarts");
        assertThat(diagnosis.details()).contains("memory limit: 64Mi", "| loading the catalogue");
    }

    @Test
    void aSingleCrashIsAFlapAndIsTolerated() throws Exception {
        simulator.script("web", PodScript.flapThenReady(STEP));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 2, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.pods()).allSatisfy(p -> assertThat(p.restarts()).isEqualTo(1));
        assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("web"));
    }

    @Test
    void imagePullFailureNamesTheImageAndTheRegistry() throws Exception {
        simulator.script("web", PodScript.imageNotFound(STEP));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:missing", 1, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.IMAGE_PULL);
        assertThat(diagnosis.summary()).isEqualTo("Pod " + outcome.pods().get(0).pod()
                + " cannot pull image localhost:5000/shop/web:missing from registry localhost:5000 (ImagePullBackOff)");
        assertThat(diagnosis.details()).containsExactly(
                "image: localhost:5000/shop/web:missing",
                "registry: localhost:5000",
                "kubelet: Back-off pulling image \"localhost:5000/shop/web:missing\"",
                "hint: was the image pushed to localhost:5000? Can the cluster's nodes reach and authenticate to it "
                        + "(imagePullSecrets)?");
    }

    @Test
    void imagePullErrorWithinTheToleranceIsNotYetAFailure() throws Exception {
        simulator.script("web", PodScript.of(
                PodScript.after(Duration.ZERO, p -> p.schedule()),
                PodScript.after(Duration.ZERO, p -> p.imagePullError()),
                PodScript.after(STEP, p -> p.runReady())));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 1, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
    }

    @Test
    void missingSecretIsNamed() throws Exception {
        simulator.script("web", PodScript.missingSecret("db"));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 1, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.CONTAINER_CONFIG);
        assertThat(diagnosis.summary()).isEqualTo("Container app of pod " + outcome.pods().get(0).pod()
                + " cannot start: secret \"db\" not found (CreateContainerConfigError)");
        assertThat(diagnosis.details()).containsExactly(
                "missing: secret \"db\" in namespace shop",
                "hint: create the secret (or remove the reference from the spec) and deploy again",
                "kubelet: secret \"db\" not found");
    }

    @Test
    void unschedulablePodGivesTheSchedulersMessage() throws Exception {
        simulator.script("web", PodScript.unschedulable("0/3 nodes are available: 3 Insufficient cpu."));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 1, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.UNSCHEDULABLE);
        assertThat(diagnosis.summary()).isEqualTo("Pod " + outcome.pods().get(0).pod()
                + " cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(outcome.pods().get(0).describe()).contains("Pending, not ready, 0 restarts",
                "unscheduled: Unschedulable (0/3 nodes are available: 3 Insufficient cpu.)");
    }

    @Test
    void failingReadinessProbeNamesTheProbeAndTheKubeletEvent() throws Exception {
        simulator.script("web", PodScript.readinessFailing("HTTP probe failed with statuscode: 503", 40, STEP));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 1, httpProbe("/healthz", 8080, 1, 1)));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.READINESS_PROBE);
        assertThat(diagnosis.summary()).isEqualTo("Container app of pod " + outcome.pods().get(0).pod()
                + " is running but its readiness probe (HTTP GET /healthz on port 8080) keeps failing: "
                + "Readiness probe failed: HTTP probe failed with statuscode: 503");
        assertThat(diagnosis.details().get(0))
                .isEqualTo("probe: HTTP GET /healthz on port 8080, initialDelaySeconds 0, periodSeconds 1, failureThreshold 1");
        assertThat(diagnosis.details().get(1))
                .matches("kubelet: Readiness probe failed: HTTP probe failed with statuscode: 503 \\(x\\d+\\)");
    }

    @Test
    void progressDeadlineExceededFailsWithTheConditionMessage() throws Exception {
        simulator.script("web", PodScript.stuckCreating());
        simulator.progressDeadline("web", Duration.ofMillis(1000));
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 2, null));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.PROGRESS_DEADLINE);
        String rs = simulator.currentRevision("web");
        assertThat(diagnosis.summary()).isEqualTo("Deployment shop/web made no progress within its progress deadline: "
                + "ReplicaSet \"" + rs + "\" has timed out progressing. (revision 1: 0/2 new pods ready, "
                + "progress deadline exceeded)");
        assertThat(diagnosis.details()).contains("new pods:");
        assertThat(diagnosis.details().stream().filter(l -> l.contains("waiting ContainerCreating"))).hasSize(2);
    }

    @Test
    void timeoutSummarisesEveryNewPodAndTheWarnings() throws Exception {
        simulator.script("web", i -> i == 0 ? PodScript.readyAfter(STEP)
                : PodScript.readinessFailing("HTTP probe failed with statuscode: 503", 5, STEP));
        // A patient probe (3 x 10 s): the deadline comes first, so this is a timeout, not a probe verdict.
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 2, httpProbe("/healthz", 8080, 10, 3)));

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(3), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.TIMEOUT);
        assertThat(diagnosis.summary()).startsWith("Deployment shop/web did not finish before its deadline 20")
                .endsWith("Z (revision 1: 1/2 new pods ready)");
        List<PodState> pods = outcome.pods();
        assertThat(pods).hasSize(2);
        assertThat(diagnosis.details()).contains("new pods:",
                "  " + pods.get(0).describe(), "  " + pods.get(1).describe(), "recent warning events:");
        assertThat(diagnosis.details()).anyMatch(l -> l.matches(
                "  Warning Unhealthy pod/web-.*: Readiness probe failed: HTTP probe failed with statuscode: 503 \\(x5\\)"));
        assertThat(pods).extracting(PodState::describe).anySatisfy(d -> assertThat(d).endsWith(
                ": Running, ready, 0 restarts; app: running, ready"))
                .anySatisfy(d -> assertThat(d).endsWith(": Running, not ready, 0 restarts; app: running, not ready"));
    }

    @Test
    void aMissingWorkloadFailsAtOnce() throws Exception {
        RolloutTarget target = RolloutTarget.deployment(NS, "ghost", 1, Instant.now().plusSeconds(10), Map.of());

        RolloutOutcome outcome = new RolloutGate(FAST).await(client, target, progress::add).get(10, TimeUnit.SECONDS);

        assertThat(outcome.diagnosis().summary()).isEqualTo("Deployment shop/ghost does not exist");
    }

    @Test
    void credentialsThatCannotWatchPodsAreReported() throws Exception {
        Deployment applied = apply(deployment(NS, "web", "localhost:5000/shop/web:1", 1, null));
        server.forbid("/api/v1/namespaces/shop/pods", "pods is forbidden: User \"system:serviceaccount:ci:deployer\" "
                + "cannot list resource \"pods\" in API group \"\" in the namespace \"shop\"");

        RolloutOutcome outcome = gate(applied, Duration.ofSeconds(10), FAST);

        Diagnosis diagnosis = outcome.diagnosis();
        assertThat(diagnosis.reason()).isEqualTo(Diagnosis.Reason.WATCH_FAILED);
        assertThat(diagnosis.summary()).isEqualTo("Cannot watch Deployment shop/web and its pods: pods is forbidden: "
                + "User \"system:serviceaccount:ci:deployer\" cannot list resource \"pods\" in API group \"\" in the "
                + "namespace \"shop\" (HTTP 403)");
        assertThat(diagnosis.details()).containsExactly("hint: the credentials need get, list and watch on deployments, "
                + "replicasets, pods and events in namespace shop");
    }

    @Test
    void statefulSetSucceedsWhenTheUpdateRevisionIsReady() throws Exception {
        simulator.script("db", i -> PodScript.readyAfter(Duration.ofMillis(100L * (i + 1))));
        var applied = client.apps().statefulSets().inNamespace(NS)
                .resource(Workloads.statefulSet(NS, "db", "localhost:5000/shop/db:1", 2)).create();
        RolloutTarget target = RolloutTarget.statefulSet(NS, "db", applied.getMetadata().getGeneration(),
                Instant.now().plusSeconds(10), Map.of("app", "db"));

        RolloutOutcome outcome = new RolloutGate(FAST).await(client, target, progress::add).get(20, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.revision()).isEqualTo(simulator.currentRevision("db"));
        assertThat(outcome.pods()).extracting(PodState::pod).containsExactly("db-0", "db-1");
        assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("db"));
        assertThat(progress).contains("StatefulSet shop/db revision " + simulator.currentRevision("db")
                + ": 2/2 new pods ready, rollout complete");
    }
}
