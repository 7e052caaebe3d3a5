package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.ApplyListener;
import io.jenkins.plugins.optadeploy.apply.ApplyRequest;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
import io.jenkins.plugins.optadeploy.rollout.RolloutListener;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import io.jenkins.plugins.optadeploy.testing.KubeletSimulator;
import io.jenkins.plugins.optadeploy.testing.Kubectl;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import io.jenkins.plugins.optadeploy.testing.Workloads;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Apply and readiness detection against the real control plane ({@link RealControlPlane}: kube-apiserver, etcd and
 * the real Deployment and ReplicaSet controllers, the kubelet simulated), with kubectl as the peer and nothing in
 * front: {@code kubectl apply --server-side} of the same objects, {@code kubectl rollout status} on the same rollouts.
 * Run by {@code bench/real [runs]}; the last lines are {@code real_apply_ms}, {@code real_kubectl_apply_ms},
 * {@code real_ready_detect_ms} and {@code real_kubectl_rollout_status_ms}.
 */
public final class RealClusterBench {
    private static final Duration KUBECTL_LIMIT = Duration.ofSeconds(60);
    private static final String NS = "bench-ready";
    private static final int WARM_UPS = 3;

    private RealClusterBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path bin = Path.of(System.getProperty(RealControlPlane.BIN_PROPERTY, ""));
        Path work = Files.createTempDirectory("real-bench");
        try (RealControlPlane plane = RealControlPlane.start(bin);
                KubernetesClient client = new ClusterConnector().connect(
                        new ClusterCredentials.Kubeconfig(plane.kubeconfig(), null), Duration.ofSeconds(30))) {
            Kubectl kubectl = new Kubectl(Kubectl.find().orElseThrow(() -> new IllegalStateException(
                    "kubectl is not on PATH: bench/real compares against it")), plane.kubeconfigFile(),
                    work.resolve("kubectl-cache"));
            double[] apply = apply(client, kubectl, work, runs);
            double[] ready = ready(plane, client, kubectl, runs);
            System.out.println(Medians.figure("real_apply_ms", apply[0], "ms"));
            System.out.println(Medians.figure("real_kubectl_apply_ms", apply[1], "ms"));
            System.out.println(Medians.figure("real_ready_detect_ms", ready[0], "ms"));
            System.out.println(Medians.figure("real_kubectl_rollout_status_ms", ready[1], "ms"));
        }
    }

    /** First install of examples/orders-auto into a fresh namespace per run, each tool its own namespace. */
    private static double[] apply(KubernetesClient client, Kubectl kubectl, Path work, int runs) throws Exception {
        List<HasMetadata> typical = ApplyBench.typicalService();
        Medians engine = new Medians("opta-deploy apply (first install)");
        Medians peer = new Medians("kubectl apply --server-side (first install)");
        Medians startup = new Medians("kubectl version --client (process start)");
        Applier applier = new Applier(client, ApplyListener.SILENT);
        for (int run = -WARM_UPS; run < runs; run++) {
            int n = run + WARM_UPS;
            List<HasMetadata> ours = ApplyBench.inNamespace("apply-engine-" + n, typical);
            String owner = ours.get(1).getMetadata().getLabels().get(Labels.OWNER);
            long start = System.nanoTime();
            applier.apply(new ApplyRequest("apply-engine-" + n, ours, Labels.OWNER, owner, false, false));
            double first = (System.nanoTime() - start) / 1e6;
            List<HasMetadata> theirs = ApplyBench.inNamespace("apply-kubectl-" + n, typical);
            Path yaml = Files.writeString(work.resolve("kubectl-" + n + ".yaml"),
                    new Manifests("apply-kubectl-" + n, theirs, "bench").toYaml());
            Kubectl.Result result = check(kubectl.run(KUBECTL_LIMIT, "apply", "--server-side", "-f", yaml.toString()));
            Kubectl.Result version = check(kubectl.run(KUBECTL_LIMIT, "version", "--client"));
            if (run >= 0) {
                engine.add(first);
                peer.add(result.millis());
                startup.add(version.millis());
            }
        }
        System.out.println("apply of " + typical.size() + " objects (examples/orders-auto) to the real API server, "
                + runs + " runs after " + WARM_UPS + " warm-ups");
        System.out.println(engine.summary());
        System.out.println(peer.summary());
        System.out.println(startup.summary());
        System.out.println(Medians.ratio("ratio", engine, peer));
        System.out.println("note: opta-deploy also reads each object (rollback snapshot) and lists owned objects "
                + "(prune); kubectl's time includes its process start and discovery (cached after the first run)");
        return new double[] {engine.median(), peer.median()};
    }

    /**
     * Rollouts of a 3-replica Deployment the real controllers roll out; the gate and {@code kubectl rollout status}
     * both wait on each, from the simulated kubelet's last Ready write to the gate's completion and to kubectl's
     * "successfully rolled out".
     */
    private static double[] ready(RealControlPlane plane, KubernetesClient client, Kubectl kubectl, int runs)
            throws Exception {
        plane.ensureNamespace(NS);
        RolloutGate gate = new RolloutGate(RolloutOptions.DEFAULTS);
        Medians ours = new Medians("rollout gate: last Ready written -> success");
        Medians theirs = new Medians("kubectl rollout status: last Ready written -> printed success");
        try (KubeletSimulator kubelet = new KubeletSimulator(plane, NS)) {
            for (int run = -WARM_UPS; run < runs; run++) {
                String name = "ready-" + (run + WARM_UPS);
                kubelet.script(name, PodScript.readyAfter(Duration.ofMillis(1500)));
                Deployment applied = client.apps().deployments().inNamespace(NS).resource(Workloads.deployment(NS,
                        name, "registry.example.test/bench/" + name + ":1", 3, null)).create();
                CompletableFuture<RolloutOutcome> waiting = gate.await(client,
                        Workloads.target(applied, Duration.ofSeconds(120)), RolloutListener.NONE);
                Instant printed = kubectlRolloutStatus(kubectl, name);
                RolloutOutcome outcome = waiting.get(60, TimeUnit.SECONDS);
                if (!outcome.succeeded()) {
                    throw new IllegalStateException(outcome.diagnosis().render());
                }
                Instant lastReady = kubelet.lastReadyWrittenAt(name);
                if (run >= 0) {
                    ours.add(Duration.between(lastReady, outcome.completedAt()).toNanos() / 1e6);
                    theirs.add(Duration.between(lastReady, printed).toNanos() / 1e6);
                }
            }
        }
        System.out.println("readiness of " + runs + " rollouts (3 pods each) through the real controllers, after "
                + WARM_UPS + " warm-ups; both waiting on the same rollouts");
        System.out.println(ours.summary());
        System.out.println(theirs.summary());
        return new double[] {ours.median(), theirs.median()};
    }

    private static Instant kubectlRolloutStatus(Kubectl kubectl, String name) throws Exception {
        Process process = kubectl.start("-n", NS, "rollout", "status", "deployment/" + name, "--timeout=60s");
        Instant done = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains("successfully rolled out")) {
                    done = Instant.now();
                }
            }
        }
        process.waitFor(60, TimeUnit.SECONDS);
        if (done == null) {
            throw new IllegalStateException("kubectl rollout status did not report success for " + name);
        }
        return done;
    }

    private static Kubectl.Result check(Kubectl.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl failed (exit " + result.exitCode() + "): " + result.output());
        }
        return result;
    }
}
