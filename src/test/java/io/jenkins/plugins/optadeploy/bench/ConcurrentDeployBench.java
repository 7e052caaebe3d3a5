package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import io.jenkins.plugins.optadeploy.testing.KubeletSimulator;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Two hundred deploys waiting at once in one JVM against a real API server and controller manager, each to its own
 * namespace (an Opta layer is a namespace), through the whole engine: spec, render, lock, server-side apply, then the
 * rollout wait. The pods, created by the real controllers and bound by the {@link KubeletSimulator}, stay
 * ContainerCreating until every deploy reported that it waits; only then does the bench measure the threads and heap
 * the waits add and the TCP connections this JVM holds to the API server (each watch is a WebSocket of its own), and
 * release the pods (each deployment's made Ready in turn): detection latency per deploy. No deploy can end before all
 * have started, however slow the machine. Run by {@code bench/concurrent}.
 */
public final class ConcurrentDeployBench {

    private static final int WARM_UP = 5;
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private ConcurrentDeployBench() {
    }

    public static void main(String[] args) throws Exception {
        int deploys = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path work = Files.createTempDirectory("concurrent-bench");
        String[] namespaces = IntStream.range(0, deploys + WARM_UP)
                .mapToObj(i -> i < WARM_UP ? "warm-" + i : "layer-" + (i - WARM_UP)).toArray(String[]::new);
        try (RealControlPlane plane = RealServer.start();
             KubeletSimulator kubelet = new KubeletSimulator(plane, namespaces)) {
            kubelet.defaultScript(PodScript.stuckCreating());
            ClusterCredentials credentials = new ClusterCredentials.Kubeconfig(plane.kubeconfig(), null);
            DeployEngine engine = new DeployEngine(new ClusterConnector(), RolloutOptions.DEFAULTS);
            Waves warm = deployAll(engine, credentials, work, "warm", WARM_UP);
            release(plane, kubelet, warm, "warm");

            Sample sample = new Sample();
            long start = System.nanoTime();
            Waves waves = deployAll(engine, credentials, work, "layer", deploys);
            double startSeconds = (System.nanoTime() - start) / 1e9;
            sample.take();
            System.out.printf("%d deploys started in %.1f s, all waiting; then: %s; TCP connections of this JVM"
                    + " to the API server (kubelet simulator's included): %s%n", deploys, startSeconds,
                    sample.breakdown, connections(plane.server()));
            Medians latency = release(plane, kubelet, waves, "layer");
            System.out.printf("%d engine deploys waiting, one per namespace: threads +%d, heap +%.1f MB (%.0f KB"
                            + " each; this JVM's kubelet simulator, which watches every pod, included); load"
                            + " average %s%n", deploys, sample.threads, sample.heapKb / 1024, sample.heapKb / deploys,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println(latency.summary());
            System.out.printf("concurrent200_threads: %d threads%n", sample.threads);
            System.out.printf("concurrent200_heap_kb_each: %.0f KB%n", sample.heapKb / deploys);
            System.out.println(Medians.figure("concurrent200_latency_ms", latency.median(), "ms"));
        }
    }

    /** The deploys started, and when each one's wait first reported its pods (it is watching them). */
    private record Waves(List<String> workloads, List<CompletableFuture<Instant>> ends) {
    }

    /** Starts {@code count} deploys and returns once each one's wait reports its pods, checking none has ended. */
    private static Waves deployAll(DeployEngine engine, ClusterCredentials credentials, Path work, String prefix,
                                   int count) throws Exception {
        List<String> workloads = new ArrayList<>();
        List<CompletableFuture<Instant>> ends = new ArrayList<>();
        CountDownLatch watching = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            String layer = prefix + "-" + i;
            Path workspace = Files.createDirectories(work.resolve(layer));
            Files.writeString(workspace.resolve("opta.yaml"), spec(layer));
            DeployRequest request = new DeployRequest("opta.yaml", null, Map.of(), null, null, null, null, "1", false,
                    LIMIT, true, false, false, null, null);
            Release release = engine.release(engine.prepare(workspace, request, RegistryAuth.none(), work, line -> { }),
                    request, credentials, line -> { });
            workloads.add(release.target().name());
            CountDownLatch once = new CountDownLatch(1);
            ends.add(engine.awaitRollout(release, credentials, line -> {
                if (line.contains("new pods ready") && once.getCount() > 0) {
                    once.countDown();
                    watching.countDown();
                }
            }).thenApply(report -> {
                if (report.outcome() != DeployReport.Outcome.SUCCEEDED) {
                    throw new IllegalStateException(report.summary());
                }
                return Instant.now();
            }));
        }
        if (!watching.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(watching.getCount() + " deploys never reported their pods");
        }
        for (CompletableFuture<Instant> end : ends) {
            if (end.isDone()) {
                end.join();
                throw new IllegalStateException("a deploy succeeded before its pods were Ready");
            }
        }
        return new Waves(workloads, ends);
    }

    /** Makes each deployment's pods Ready in turn; returns the latency from that write to the deploy's report. */
    private static Medians release(RealControlPlane plane, KubeletSimulator kubelet, Waves waves, String prefix)
            throws Exception {
        for (int i = 0; i < waves.workloads().size(); i++) {
            String ns = prefix + "-" + i;
            plane.admin().pods().inNamespace(ns).informOnCondition(pods -> !pods.isEmpty()
                    && pods.stream().allMatch(ConcurrentDeployBench::scheduled)).get(2, TimeUnit.MINUTES);
            kubelet.makeReady(waves.workloads().get(i));
        }
        Medians latency = new Medians("last Ready written -> deploy report");
        for (int i = 0; i < waves.workloads().size(); i++) {
            Instant done = waves.ends().get(i).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            Instant ready = kubelet.lastReadyWrittenAt(waves.workloads().get(i));
            latency.add(Duration.between(ready, done).toNanos() / 1e6);
        }
        return latency;
    }

    /** Established TCP connections of this process to the API server's port, as {@code ss} lists them. */
    private static String connections(String server) {
        String port = server.substring(server.lastIndexOf(':') + 1);
        try {
            Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established", "( dport = :" + port + " )")
                    .redirectErrorStream(true).start();
            String pid = "pid=" + ProcessHandle.current().pid() + ",";
            long count = new String(ss.getInputStream().readAllBytes()).lines().filter(l -> l.contains(pid)).count();
            return ss.waitFor() == 0 ? String.valueOf(count) : "unknown (ss failed)";
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static boolean scheduled(Pod pod) {
        return pod.getSpec().getNodeName() != null && pod.getStatus() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String spec(String layer) {
        return """
                name: %s
                org_name: bench
                modules:
                  - type: k8s-service
                    name: svc
                    image: nginxinc/nginx-unprivileged:1.27-alpine
                    port:
                      http: 8080
                    healthcheck_path: /
                """.formatted(layer);
    }

    /** Threads and heap when created, then what {@link #take} finds added since (after the dust settles). */
    private static final class Sample {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final Map<String, Integer> before = threadsByName();
        private final long heapBefore;
        int threads;
        double heapKb;
        String breakdown;

        Sample() {
            System.gc();
            heapBefore = memory.getHeapMemoryUsage().getUsed();
        }

        void take() throws InterruptedException {
            Thread.sleep(1500);
            System.gc();
            heapKb = (memory.getHeapMemoryUsage().getUsed() - heapBefore) / 1024.0;
            Map<String, Integer> after = threadsByName();
            threads = after.values().stream().mapToInt(Integer::intValue).sum()
                    - before.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Integer> added = new TreeMap<>();
            after.forEach((name, n) -> added.merge(name, n, Integer::sum));
            before.forEach((name, n) -> added.merge(name, -n, Integer::sum));
            added.values().removeIf(n -> n == 0);
            breakdown = "threads added by name " + added;
        }

        /** Live threads counted by name with the trailing number dropped ("opta-rollout-eval-3" -> "opta-rollout-eval-"). */
        private static Map<String, Integer> threadsByName() {
            Map<String, Integer> byName = new TreeMap<>();
            Thread.getAllStackTraces().keySet().forEach(t -> byName.merge(t.getName().replaceAll("\\d+$", "#"), 1,
                    Integer::sum));
            return byName;
        }
    }
}
