package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
import io.jenkins.plugins.optadeploy.rollout.RolloutListener;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import io.jenkins.plugins.optadeploy.testing.CrudServer;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fifty deploys waiting at once in one JVM, each to its own namespace (an Opta layer is a namespace), through the whole
 * engine: spec, render, lock, server-side apply, then the rollout wait. While all fifty wait: the threads (those of
 * the in-JVM mock API server left out) and heap they add; when their pods are Ready: detection latency per deploy.
 * Then the thread figure for the same fifty waits on a client over fabric8's OkHttp, which is what
 * kubernetes-client-api bundles and the engine does not use. Run by {@code bench/concurrent}.
 */
public final class ConcurrentDeployBench {

    private static final int DEPLOYS = 50;
    /** Long enough for all fifty to be applied (about 0.1 s each) before the first pod is Ready. */
    private static final Duration READY_AFTER = Duration.ofSeconds(15);

    private ConcurrentDeployBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("concurrent-bench");
        try (MockCluster cluster = MockCluster.start(); RolloutSimulator simulator = new RolloutSimulator(cluster)) {
            simulator.defaultScript(PodScript.readyAfter(READY_AFTER));
            ClusterCredentials credentials = new ClusterCredentials.Token(cluster.url(), "bench", null, false);
            DeployEngine engine = new DeployEngine(new ClusterConnector(), RolloutOptions.DEFAULTS);
            deployAll(engine, credentials, work, "warm", 5, () -> { });

            Sample engineSample = new Sample();
            List<Instant> done = deployAll(engine, credentials, work, "layer", DEPLOYS, engineSample::take);
            Medians latency = new Medians("last Ready written -> deploy report");
            for (int i = 0; i < DEPLOYS; i++) {
                String workload = cluster.client().apps().deployments().inNamespace("layer-" + i).list().getItems()
                        .get(0).getMetadata().getName();
                latency.add(Duration.between(simulator.lastReadyWrittenAt(workload), done.get(i)).toNanos() / 1e6);
            }
            System.out.printf("%d engine deploys waiting, one per namespace: threads +%d, heap +%.1f MB%n", DEPLOYS,
                    engineSample.threads, engineSample.heapMb);
            System.out.println(latency.summary());

            int okHttpThreads = okHttpWaits(cluster, simulator);
            System.out.printf("the same %d waits on fabric8's OkHttp client: threads +%d%n", DEPLOYS, okHttpThreads);
            System.out.printf("concurrent50_threads: %d threads%n", engineSample.threads);
            System.out.printf("concurrent50_heap_mb: %.1f MB%n", engineSample.heapMb);
            System.out.printf("concurrent50_latency_ms: %.1f ms%n", latency.median());
            System.out.printf("concurrent50_okhttp_threads: %d threads%n", okHttpThreads);
        }
    }

    /** Starts {@code count} deploys, calls {@code whileWaiting} once all of them wait, and returns when each ended. */
    private static List<Instant> deployAll(DeployEngine engine, ClusterCredentials credentials, Path work, String prefix,
                                           int count, Runnable whileWaiting) throws Exception {
        List<CompletableFuture<Instant>> ends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path workspace = Files.createDirectories(work.resolve(prefix + "-" + i));
            Files.writeString(workspace.resolve("opta.yaml"), spec(prefix + "-" + i));
            DeployRequest request = new DeployRequest("opta.yaml", null, Map.of(), null, null, null, null, "1", false,
                    Duration.ofMinutes(2), true, false, false, null, null);
            Release release = engine.release(engine.prepare(workspace, request, RegistryAuth.none(), work, line -> { }),
                    request, credentials, line -> { });
            ends.add(engine.awaitRollout(release, credentials, line -> { }).thenApply(report -> {
                if (report.outcome() != DeployReport.Outcome.SUCCEEDED) {
                    throw new IllegalStateException(report.summary());
                }
                return Instant.now();
            }));
        }
        for (CompletableFuture<Instant> end : ends) {
            if (end.isDone()) {
                end.join();
                throw new IllegalStateException("a deploy ended before all had started: raise READY_AFTER");
            }
        }
        whileWaiting.run();
        List<Instant> done = new ArrayList<>();
        for (CompletableFuture<Instant> end : ends) {
            done.add(end.get(2, TimeUnit.MINUTES));
        }
        return done;
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

    /** Threads added by fifty gate waits on an OkHttp client, on the deployments the engine applied above. */
    private static int okHttpWaits(MockCluster cluster, RolloutSimulator simulator) throws Exception {
        try (KubernetesClient okHttp = new KubernetesClientBuilder().withConfig(cluster.client().getConfiguration())
                .withHttpClientFactory(new OkHttpClientFactory()).build()) {
            Sample sample = new Sample();
            RolloutGate gate = new RolloutGate(RolloutOptions.DEFAULTS);
            List<CompletableFuture<RolloutOutcome>> waits = new ArrayList<>();
            for (int i = 0; i < DEPLOYS; i++) {
                String ns = "layer-" + i;
                var deployment = okHttp.apps().deployments().inNamespace(ns).list().getItems().get(0);
                simulator.script(deployment.getMetadata().getName(), PodScript.readyAfter(READY_AFTER));
                var updated = okHttp.apps().deployments().inNamespace(ns).withName(deployment.getMetadata().getName())
                        .edit(d -> {
                            d.getSpec().getTemplate().getMetadata().getAnnotations().put("bench/round", "okhttp");
                            return d;
                        });
                waits.add(gate.await(okHttp, RolloutTarget.deployment(ns, updated.getMetadata().getName(),
                        updated.getMetadata().getGeneration(), Instant.now().plus(Duration.ofMinutes(2)),
                        updated.getSpec().getSelector().getMatchLabels()), RolloutListener.NONE));
            }
            sample.take();
            for (CompletableFuture<RolloutOutcome> wait : waits) {
                wait.get(2, TimeUnit.MINUTES);
            }
            return sample.threads;
        }
    }

    /** Threads and heap when created, then what {@link #take} finds added since (after the dust settles). */
    private static final class Sample {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final int threadsBefore;
        private final long heapBefore;
        int threads;
        double heapMb;

        Sample() {
            System.gc();
            threadsBefore = CrudServer.threadsOutsideMockServers();
            heapBefore = memory.getHeapMemoryUsage().getUsed();
        }

        void take() {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            System.gc();
            threads = CrudServer.threadsOutsideMockServers() - threadsBefore;
            heapMb = (memory.getHeapMemoryUsage().getUsed() - heapBefore) / (1024.0 * 1024.0);
        }
    }
}
