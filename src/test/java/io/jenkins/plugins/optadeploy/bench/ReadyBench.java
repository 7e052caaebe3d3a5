package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
import io.jenkins.plugins.optadeploy.rollout.RolloutListener;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import io.jenkins.plugins.optadeploy.testing.CrudServer;
import io.jenkins.plugins.optadeploy.testing.Kubectl;
import io.jenkins.plugins.optadeploy.testing.KubectlCompatibleCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import io.jenkins.plugins.optadeploy.testing.Workloads;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Readiness detection latency of the rollout gate: from the simulated kubelet writing the last Ready pod status to the
 * gate completing, median over 20 rollouts, alone and beside {@code kubectl rollout status}. Run by
 * {@code bench/ready}; prints the figures as {@code name: value unit} lines at the end. Fifty waits at once are
 * {@link ConcurrentDeployBench}'s.
 */
public final class ReadyBench {

    private static final String NS = "bench";
    private static final int ROLLOUTS = 20;
    /**
     * The mock API server runs in this JVM: until it is JIT-compiled its writes and watch events take twice as long, and
     * the kubectl comparison, which runs last, would meet a warmer server than the gate's own runs.
     */
    private static final int WARM_UP = 60;
    /** Generous: the bench measures detection latency, never a timeout. */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private ReadyBench() {
    }

    public static void main(String[] args) throws Exception {
        try (CrudServer server = new CrudServer();
             RolloutSimulator simulator = new RolloutSimulator(server);
             // the client the engine connects with (ClusterConnector: fabric8 over the JDK HTTP client)
             KubernetesClient client = new ClusterConnector().connect(
                     new ClusterCredentials.Token(server.url(), "bench", null, false), Duration.ofSeconds(30))) {
            RolloutGate gate = new RolloutGate(RolloutOptions.DEFAULTS);
            for (int i = 0; i < WARM_UP; i++) {
                latency(gate, client, simulator, "warm-up-" + i);
            }
            List<Double> single = new ArrayList<>();
            for (int i = 0; i < ROLLOUTS; i++) {
                single.add(latency(gate, client, simulator, "single-" + i));
            }
            double readyMs = median(single);
            System.out.printf("single rollouts: median %.1f ms, min %.1f ms, max %.1f ms over %d%n", readyMs,
                    Collections.min(single), Collections.max(single), ROLLOUTS);

            Optional<Path> executable = Kubectl.find();
            double[] beside = executable.isPresent() ? kubectl(server, client, simulator, gate, executable.get()) : null;
            System.out.printf("ready_detect_ms: %.1f ms%n", readyMs);
            if (beside != null) {
                System.out.printf("kubectl_rollout_status_ms: %.1f ms%n", beside[0]);
                System.out.printf("ready_detect_beside_kubectl_ms: %.1f ms%n", beside[1]);
            }
        }
    }

    /**
     * The same measurement for {@code kubectl rollout status} and, on the same rollouts, the gate: both started before
     * the pods become Ready, against the same mock (through {@link KubectlCompatibleCluster}, which serves discovery and
     * turns the mock's WebSocket watches into the HTTP streams kubectl expects): from the last Ready write to kubectl
     * printing "successfully rolled out". Returns both medians: kubectl's, then the gate's.
     */
    private static double[] kubectl(CrudServer server, KubernetesClient client, RolloutSimulator simulator,
                                  RolloutGate gate, Path executable) throws Exception {
        List<Double> times = new ArrayList<>();
        List<Double> gateTimes = new ArrayList<>();
        Path work = Files.createTempDirectory("ready-bench");
        try (KubectlCompatibleCluster front = KubectlCompatibleCluster.inFrontOf(URI.create(server.url()))) {
            Kubectl kubectl = new Kubectl(executable, front.writeKubeconfig(work), work.resolve("kubectl-cache"));
            for (int i = 0; i < ROLLOUTS + 3; i++) {
                String name = "kubectl-" + i;
                simulator.script(name, PodScript.readyAfter(Duration.ofMillis(1500)));
                Deployment applied = apply(client, name);
                CompletableFuture<RolloutOutcome> alongside =
                        gate.await(client, Workloads.target(applied, DEADLINE), RolloutListener.NONE);
                Process process = kubectl.start("-n", NS, "rollout", "status", "deployment/" + name, "--timeout=60s");
                Instant done = null;
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("successfully rolled out")) {
                            done = Instant.now();
                        }
                    }
                }
                process.waitFor(60, TimeUnit.SECONDS);
                if (done == null) {
                    throw new IllegalStateException("kubectl rollout status did not report success for " + name);
                }
                RolloutOutcome outcome = alongside.get(30, TimeUnit.SECONDS);
                if (i >= 3) {
                    times.add(millis(simulator.lastReadyWrittenAt(name), done));
                    gateTimes.add(millis(simulator.lastReadyWrittenAt(name), outcome.completedAt()));
                }
            }
        }
        double median = median(times);
        System.out.printf("kubectl rollout status: median %.1f ms, min %.1f ms, max %.1f ms over %d; the gate on the same "
                        + "rollouts: median %.1f ms%n", median, Collections.min(times), Collections.max(times), times.size(),
                median(gateTimes));
        return new double[] {median, median(gateTimes)};
    }

    private static double latency(RolloutGate gate, KubernetesClient client, RolloutSimulator simulator, String name)
            throws Exception {
        simulator.script(name, PodScript.readyAfter(Duration.ofMillis(300)));
        RolloutOutcome outcome = gate.await(client, Workloads.target(apply(client, name), DEADLINE), RolloutListener.NONE)
                .get(30, TimeUnit.SECONDS);
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.diagnosis().render());
        }
        return millis(simulator.lastReadyWrittenAt(name), outcome.completedAt());
    }

    private static Deployment apply(KubernetesClient client, String name) {
        return client.apps().deployments().inNamespace(NS)
                .resource(Workloads.deployment(NS, name, "localhost:5000/bench/" + name + ":1", 1, null)).create();
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
