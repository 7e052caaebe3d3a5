package io.jenkins.plugins.optadeploy.rollout;

import static io.jenkins.plugins.optadeploy.testing.Workloads.deployment;
import static io.jenkins.plugins.optadeploy.testing.Workloads.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.testing.CrudServer;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Watches dropped or expired during the wait, re-attachment from a persisted target, and many waits at once. */
class RolloutGateResilienceTest extends SimulatedClusterTest {

    static final RolloutOptions OPTIONS = RolloutOptions.DEFAULTS.withTolerance(Duration.ofMillis(300));
    static final String PODS = "/api/v1/namespaces/" + NS + "/pods";

    Deployment apply(String name, int replicas) {
        return client.apps().deployments().inNamespace(NS)
                .resource(deployment(NS, name, "localhost:5000/shop/" + name + ":1", replicas, null)).create();
    }

    /** Blocks until the gate has its watches open (bounded). */
    void awaitWatches(int atLeast) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.watchRequests() < atLeast && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    /** A gate waiting on {@code web}, with its watches open; its pods become Ready after {@code readyAfter}. */
    record Waiting(RolloutTarget target, CompletableFuture<RolloutOutcome> outcome, int watchRequestsBefore) {
    }

    Waiting startWaiting(int replicas, Duration readyAfter, RolloutOptions options) throws InterruptedException {
        simulator.script("web", i -> PodScript.readyAfter(readyAfter));
        Deployment applied = apply("web", replicas);
        int before = server.watchRequests();
        RolloutTarget target = target(applied, Duration.ofSeconds(15));
        CompletableFuture<RolloutOutcome> outcome = new RolloutGate(options).await(client, target, RolloutListener.NONE);
        awaitWatches(before + 3);
        Thread.sleep(300);
        return new Waiting(target, outcome, before);
    }

    @Test
    void watchesDroppedByTheServerAreReestablishedAndTheWaitStillEnds() throws Exception {
        Waiting waiting = startWaiting(2, Duration.ofMillis(2500), OPTIONS);

        assertThat(server.dropWatches()).isGreaterThanOrEqualTo(3);
        RolloutOutcome outcome = waiting.outcome().get(20, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("web"))
                .as("seen through the re-opened watches, not read at the deadline")
                .isBefore(waiting.target().deadline());
        assertThat(server.watchRequests()).as("watches re-opened")
                .isGreaterThanOrEqualTo(waiting.watchRequestsBefore() + 6);
    }

    /** The gate's own read of the workload's pods (by their labels), made when it asks the API server itself. */
    static boolean gateReadOfPods(String path) {
        return path.startsWith(PODS + "?labelSelector=");
    }

    /** A list of every pod in the namespace, which only the pod informer makes. */
    static boolean informerListOfPods(String path) {
        return path.equals(PODS) || path.startsWith(PODS + "?") && !gateReadOfPods(path);
    }

    @Test
    void anExpiredResourceVersionMakesTheGateRelistAndStillEnd() throws Exception {
        Waiting waiting = startWaiting(1, Duration.ofMillis(2500), OPTIONS);
        long listsBefore = server.reads(RolloutGateResilienceTest::informerListOfPods);

        assertThat(server.expireWatches()).isGreaterThanOrEqualTo(3);
        RolloutOutcome outcome = waiting.outcome().get(20, TimeUnit.SECONDS);

        assertThat(server.reads(RolloutGateResilienceTest::informerListOfPods)).as("pods re-listed")
                .isGreaterThan(listsBefore);
        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("web"))
                .as("seen after the re-list, not read at the deadline").isBefore(waiting.target().deadline());
    }

    @Test
    void aRolloutSeenCompleteOnLiveWatchesIsReportedWithoutAnotherRead() throws Exception {
        simulator.script("web", i -> PodScript.readyAfter(Duration.ofMillis(500)));
        Deployment applied = apply("web", 2);

        RolloutOutcome outcome = new RolloutGate(OPTIONS).await(client, target(applied, Duration.ofSeconds(15)),
                RolloutListener.NONE).get(20, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.pods()).hasSize(2).allMatch(PodState::ready);
        assertThat(server.reads(RolloutGateResilienceTest::gateReadOfPods)).as("pods read outside the watches").isZero();
    }

    @Test
    void aRolloutThatCompletesWhileNoWatchCanBeOpenedIsFoundByReadingTheApiServer() throws Exception {
        Waiting waiting = startWaiting(1, Duration.ofMillis(1500), OPTIONS.withResync(Duration.ofMillis(500)));

        // From now on no watch opens again: the caches stop at the last event before the pods became Ready.
        server.refuseWatches(true);
        server.dropWatches();
        RolloutOutcome outcome = waiting.outcome().get(20, TimeUnit.SECONDS);
        server.refuseWatches(false);

        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("web"))
                .as("found by a resync read, not at the deadline").isBefore(waiting.target().deadline());
        assertThat(server.reads(RolloutGateResilienceTest::gateReadOfPods)).as("pods read from the API server")
                .isPositive();
    }

    @Test
    void aCancelledWaitCanBeResumedFromTheSerializedTarget() throws Exception {
        simulator.script("web", i -> PodScript.readyAfter(Duration.ofMillis(1500)));
        Deployment applied = apply("web", 2);
        RolloutTarget target = target(applied, Duration.ofSeconds(15));
        List<String> firstLines = new ArrayList<>();
        CompletableFuture<RolloutOutcome> first = new RolloutGate(OPTIONS).await(client, target, firstLines::add);
        awaitWatches(3);
        Thread.sleep(200);

        assertThat(first.cancel(true)).isTrue();
        assertThatThrownBy(first::join).isInstanceOf(CancellationException.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(target);
        }
        RolloutTarget restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (RolloutTarget) in.readObject();
        }
        assertThat(restored).isEqualTo(target);

        try (KubernetesClient another = server.client()) {
            RolloutOutcome outcome = new RolloutGate(OPTIONS).await(another, restored, RolloutListener.NONE)
                    .get(20, TimeUnit.SECONDS);
            assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
            assertThat(outcome.completedAt()).isAfterOrEqualTo(simulator.lastReadyWrittenAt("web"));
        }
        assertThat(first.isCancelled()).isTrue();
        assertThat(firstLines).noneMatch(l -> l.contains("rollout complete"));
    }

    @Test
    void fiftyConcurrentWaitsInFiftyNamespacesUseABoundedNumberOfThreads() throws Exception {
        // the engine's own client: fabric8 over the JDK HTTP client, callbacks on a shared pool
        try (KubernetesClient engineClient = new ClusterConnector().connect(
                new ClusterCredentials.Token(server.url(), "token", null, false), Duration.ofSeconds(10))) {
            RolloutGate gate = new RolloutGate(OPTIONS);
            Deployment warmUp = apply("warm-up", 1);
            assertThat(gate.await(engineClient, target(warmUp, Duration.ofSeconds(10)), RolloutListener.NONE)
                    .get(20, TimeUnit.SECONDS).succeeded()).isTrue();
            for (int i = 0; i < 50; i++) {
                simulator.script("svc-" + i, PodScript.readyAfter(Duration.ofMillis(2500)));
            }
            int threadsBefore = CrudServer.threadsOutsideMockServers();

            List<CompletableFuture<RolloutOutcome>> waits = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String namespace = "layer-" + i;
                Deployment applied = engineClient.apps().deployments().inNamespace(namespace).resource(
                        deployment(namespace, "svc-" + i, "localhost:5000/layer/svc:1", 1, null)).create();
                waits.add(gate.await(engineClient, target(applied, Duration.ofSeconds(30)), RolloutListener.NONE));
            }
            Thread.sleep(1000);
            int threadsWhileWaiting = CrudServer.threadsOutsideMockServers();
            assertThat(waits).noneMatch(CompletableFuture::isDone);
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);

            assertThat(waits).allSatisfy(w -> assertThat(w.join().succeeded()).isTrue());
            // 150 open watches (three per namespace): a thread per watch, as with OkHttp, would add 150.
            assertThat(threadsWhileWaiting - threadsBefore).isLessThan(25);
        }
    }
}
