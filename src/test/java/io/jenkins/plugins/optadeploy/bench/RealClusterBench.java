package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.ApplyListener;
import io.jenkins.plugins.optadeploy.apply.ApplyRequest;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.report.DeployReport;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Apply and readiness detection against the real control plane ({@link RealControlPlane}: kube-apiserver, etcd and
 * the real Deployment and ReplicaSet controllers, the kubelet simulated), with kubectl as the peer and nothing in
 * front: {@code kubectl apply --server-side} of the same objects, {@code kubectl rollout status} on the same rollouts.
 * Then 200 deploys through the whole engine waiting at once. Run by {@code bench/real [runs]}; the last lines are
 * {@code real_apply_ms}, {@code real_kubectl_apply_ms}, {@code real_ready_detect_ms},
 * {@code real_kubectl_rollout_status_ms}, {@code concurrent200_threads} and {@code concurrent200_heap_kb_each}.
 */
public final class RealClusterBench {
    private static final Duration KUBECTL_LIMIT = Duration.ofSeconds(60);
    private static final String NS = "bench-ready";
    private static final int WARM_UPS = 3;
    private static final int CONCURRENT = 200;

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
            double[] concurrent = concurrent(plane, work, CONCURRENT);
            System.out.println(Medians.figure("real_apply_ms", apply[0], "ms"));
            System.out.println(Medians.figure("real_kubectl_apply_ms", apply[1], "ms"));
            System.out.println(Medians.figure("real_ready_detect_ms", ready[0], "ms"));
            System.out.println(Medians.figure("real_kubectl_rollout_status_ms", ready[1], "ms"));
            System.out.printf("concurrent200_threads: %d threads%n", (int) concurrent[0]);
            System.out.println(Medians.figure("concurrent200_heap_kb_each", concurrent[1], "kB"));
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
            applier.apply(new ApplyRequest("apply-engine-" + n, ours, Labels.OWNER, owner, false));
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

    /**
     * {@code count} deploys through the whole engine (spec, render, lock, apply, then the wait), each to its own
     * namespace, all waiting at once: their pods turn Ready only when the last deploy waits (no race with a timer).
     * Returns the threads they added and the heap each added (after a GC), measured while all wait.
     */
    private static double[] concurrent(RealControlPlane plane, Path work, int count) throws Exception {
        List<String> layers = java.util.stream.IntStream.range(0, count).mapToObj(i -> "c-" + i).toList();
        ClusterCredentials credentials = new ClusterCredentials.Kubeconfig(plane.kubeconfig(), null);
        DeployEngine engine = new DeployEngine(new ClusterConnector(), RolloutOptions.DEFAULTS);
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        List<String> namespaces = new java.util.ArrayList<>(layers);
        namespaces.add("c-warm");
        try (KubeletSimulator kubelet = new KubeletSimulator(plane, namespaces.toArray(String[]::new))) {
            kubelet.defaultScript(PodScript.stuckCreating());
            kubelet.script("c-warm-svc-k8s-service", PodScript.readyAfter(Duration.ofMillis(100)));
            deploy(engine, credentials, work, "c-warm").join();
            System.gc();
            int threadsBefore = threads.getThreadCount();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            List<CompletableFuture<Instant>> ends = new java.util.ArrayList<>();
            for (String layer : layers) {
                ends.add(deploy(engine, credentials, work, layer));
            }
            Thread.sleep(1500);
            System.gc();
            int added = threads.getThreadCount() - threadsBefore;
            double heapKbEach = (memory.getHeapMemoryUsage().getUsed() - heapBefore) / 1024.0 / count;
            long ended = ends.stream().filter(CompletableFuture::isDone).count();
            if (ended > 0) {
                throw new IllegalStateException(ended + " deploys ended while their pods could not be Ready");
            }
            Instant released = Instant.now();
            for (String layer : layers) {
                kubelet.makeReady(layer + "-svc-k8s-service");
            }
            Medians latency = new Medians("last Ready written -> deploy report");
            for (int i = 0; i < count; i++) {
                Instant end = ends.get(i).get(3, TimeUnit.MINUTES);
                latency.add(Duration.between(kubelet.lastReadyWrittenAt(layers.get(i) + "-svc-k8s-service"), end)
                        .toNanos() / 1e6);
            }
            System.out.printf("%d engine deploys waiting at once, one per namespace: threads +%d, heap +%.1f kB each;"
                    + " all reported %d ms after the first pod was released%n", count, added, heapKbEach,
                    Duration.between(released, Instant.now()).toMillis());
            System.out.println(latency.summary());
            return new double[] {added, heapKbEach};
        }
    }

    /** One deploy of a one-pod service to namespace {@code layer}: render, lock, apply now; the wait's end later. */
    private static CompletableFuture<Instant> deploy(DeployEngine engine, ClusterCredentials credentials, Path work,
            String layer) throws Exception {
        Path workspace = Files.createDirectories(work.resolve(layer));
        Files.writeString(workspace.resolve("opta.yaml"), """
                name: %s
                modules:
                  - type: k8s-service
                    name: svc
                    image: registry.example.test/bench/svc:1
                    port:
                      http: 8080
                    healthcheck_path: /
                """.formatted(layer));
        DeployRequest request = new DeployRequest("opta.yaml", null, Map.of(), null, null, null, null, null, false,
                Duration.ofMinutes(5), true, false, false, null, "bench");
        Release release = engine.release(engine.prepare(workspace, request, RegistryAuth.none(), work, line -> { }),
                request, credentials, line -> { });
        return engine.awaitRollout(release, credentials, line -> { }).thenApply(report -> {
            if (report.outcome() != DeployReport.Outcome.SUCCEEDED) {
                throw new IllegalStateException(report.summary());
            }
            return Instant.now();
        });
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
