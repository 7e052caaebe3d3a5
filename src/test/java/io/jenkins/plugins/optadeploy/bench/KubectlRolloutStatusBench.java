package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.CrudServer;
import io.jenkins.plugins.optadeploy.testing.Kubectl;
import io.jenkins.plugins.optadeploy.testing.KubectlCompatibleCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import io.jenkins.plugins.optadeploy.testing.Workloads;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl rollout status deployment/x} against the same CRUD mock and rollout simulator that {@code ReadyBench}
 * measures the rollout gate on, through {@link KubectlCompatibleCluster} (discovery, HTTP watches): from the simulator
 * writing the last Ready pod status to the kubectl process having exited (what a script waiting on kubectl sees),
 * median over 20 rollouts. ReadyBench's kubectl figure, through the same front, stops at kubectl printing
 * "successfully rolled out"; this one includes the exit. kubectl is started right after the Deployment is created and
 * the pods turn Ready 2 s later, so it is watching when they do.
 */
public final class KubectlRolloutStatusBench {
    private static final String NS = "bench";
    private static final Duration READY_AFTER = Duration.ofSeconds(2);

    private KubectlRolloutStatusBench() {}

    public static void main(String[] args) throws Exception {
        int rollouts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmups = 2;
        Path work = Files.createTempDirectory("ready-bench");
        Medians latency = new Medians("kubectl rollout status (last Ready -> exit)");
        try (CrudServer server = new CrudServer();
                RolloutSimulator simulator = new RolloutSimulator(server);
                KubernetesClient client = server.client();
                KubectlCompatibleCluster front = KubectlCompatibleCluster.inFrontOf(URI.create(server.url()))) {
            Kubectl kubectl = new Kubectl(Kubectl.find().orElseThrow(() -> new IllegalStateException(
                    "kubectl is not on PATH: bench/ready compares against it")), front.writeKubeconfig(work),
                    work.resolve("kubectl-cache"));
            for (int run = -warmups; run < rollouts; run++) {
                String name = "kubectl-" + (run + warmups);
                simulator.script(name, PodScript.readyAfter(READY_AFTER));
                client.apps().deployments().inNamespace(NS)
                        .resource(Workloads.deployment(NS, name, "localhost:5000/bench/" + name + ":1", 1, null)).create();
                Process status = kubectl.start("-n", NS, "rollout", "status", "deployment/" + name, "--timeout=60s");
                if (!status.waitFor(90, TimeUnit.SECONDS)) {
                    status.destroyForcibly();
                    throw new IllegalStateException("kubectl rollout status did not finish for " + name);
                }
                Instant exited = Instant.now();
                String output = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Instant ready = simulator.lastReadyWrittenAt(name);
                if (status.exitValue() != 0 || ready == null || exited.isBefore(ready)) {
                    throw new IllegalStateException("kubectl rollout status for " + name + " exited "
                            + status.exitValue() + " before the rollout completed: " + output);
                }
                if (run >= 0) {
                    latency.add(Duration.between(ready, exited).toNanos() / 1_000_000.0);
                }
            }
        }
        System.out.println(latency.summary());
        System.out.println(Medians.figure("kubectl_rollout_status_exit_ms", latency.median(), "ms"));
    }
}
