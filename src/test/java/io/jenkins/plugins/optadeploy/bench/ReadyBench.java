package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.rollout.RolloutGate;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Readiness detection on a real API server: the real Deployment and ReplicaSet controllers create the pods, the
 * {@link KubeletSimulator} binds them and, once both waiters are watching, makes them Ready. From the simulator
 * writing the last Ready pod status: the rollout gate completing versus {@code kubectl rollout status} printing
 * "successfully rolled out" and exiting, both waiting on the same rollouts at once (kubectl needs the controllers to
 * write the ReplicaSet's and then the Deployment's status; the gate decides on the pods when they prove it, see
 * RolloutStatus); every other rollout has the gate waiting alone; "last pod Ready seen by a watch" (a watch of this JVM
 * on the pods) is the floor for any watcher. Nothing is timed by a delay: pods turn Ready when the bench releases them,
 * so a loaded machine slows the figures but cannot break the bench.
 */
public final class ReadyBench {

    private static final String NS = "bench";
    private static final int REPLICAS = 2;
    /** Gate-only rollouts first: until the JIT has compiled the client's and the informers' paths they cost more. */
    private static final int WARM_UP = 30;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private ReadyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rollouts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path work = Files.createTempDirectory("ready-bench");
        Medians gateBeside = new Medians("opta-deploy gate, beside kubectl");
        Medians gateAlone = new Medians("opta-deploy gate, alone");
        Medians printed = new Medians("kubectl rollout status, success printed");
        Medians exited = new Medians("kubectl rollout status, process exited");
        Medians podsSeen = new Medians("last pod Ready seen by a watch");
        int gateLater = 0;
        try (RealControlPlane plane = RealServer.start();
             KubeletSimulator kubelet = new KubeletSimulator(plane, NS);
             KubernetesClient client = new ClusterConnector().connect(
                     new ClusterCredentials.Kubeconfig(plane.kubeconfig(), null), Duration.ofSeconds(30))) {
            plane.ensureNamespace(NS);
            Kubectl kubectl = new Kubectl(Kubectl.find().orElseThrow(() -> new IllegalStateException(
                    "kubectl is not on PATH: bench/ready compares against it")), plane.kubeconfigFile(),
                    work.resolve("kubectl-cache"));
            Map<String, Instant> podReady = new ConcurrentHashMap<>();
            SharedIndexInformer<Pod> pods = plane.admin().pods().inNamespace(NS).inform(new ReadySeen(podReady));
            RolloutGate gate = new RolloutGate(RolloutOptions.DEFAULTS);
            for (int i = -WARM_UP; i < 2 * rollouts; i++) {
                String name = "web-" + (i + WARM_UP);
                boolean withKubectl = i >= -3 && (i < 0 || i % 2 == 0);
                kubelet.script(name, PodScript.stuckCreating());
                Deployment applied = client.apps().deployments().inNamespace(NS).resource(Workloads.deployment(NS,
                        name, "localhost:5000/bench/" + name + ":1", REPLICAS, null)).create();
                CompletableFuture<Void> gateWatching = new CompletableFuture<>();
                CompletableFuture<RolloutOutcome> gateDone = gate.await(client, Workloads.target(applied, DEADLINE),
                        line -> {
                            if (line.contains("new pods ready")) {
                                gateWatching.complete(null);
                            }
                        });
                KubectlWatch kubectlWatch = withKubectl ? new KubectlWatch(kubectl.start("-n", NS, "rollout",
                        "status", "deployment/" + name, "--timeout=100s")) : null;
                gateWatching.get(60, TimeUnit.SECONDS);
                if (kubectlWatch != null) {
                    kubectlWatch.waiting.get(60, TimeUnit.SECONDS);
                }
                awaitScheduled(plane.admin(), name);
                kubelet.makeReady(name);
                RolloutOutcome outcome = gateDone.get(60, TimeUnit.SECONDS);
                if (!outcome.succeeded()) {
                    throw new IllegalStateException(outcome.diagnosis().render());
                }
                Instant ready = kubelet.lastReadyWrittenAt(name);
                if (ready == null) {
                    throw new IllegalStateException("the simulator did not make every pod of " + name + " Ready");
                }
                double gateMs = millis(ready, outcome.completedAt());
                if (kubectlWatch != null) {
                    Instant success = kubectlWatch.success.get(60, TimeUnit.SECONDS);
                    Instant exit = kubectlWatch.exited.get(60, TimeUnit.SECONDS);
                    if (i >= 0) {
                        gateBeside.add(gateMs);
                        printed.add(millis(ready, success));
                        exited.add(millis(ready, exit));
                        if (outcome.completedAt().isAfter(success)) {
                            gateLater++;
                        }
                    }
                } else if (i >= 0) {
                    gateAlone.add(gateMs);
                }
                if (i >= 0) {
                    podsSeen.add(millis(ready, pods.getStore().list().stream()
                            .filter(p -> name.equals(p.getMetadata().getLabels().get("app")))
                            .map(p -> podReady.get(p.getMetadata().getName())).max(Instant::compareTo).orElseThrow()));
                }
            }
            pods.stop();
            System.out.printf("%d rollouts of a %d-replica Deployment, %d of them with kubectl rollout status waiting"
                    + " beside the gate, after %d warm-ups; load average %s%n", 2 * rollouts, REPLICAS, rollouts,
                    WARM_UP, Files.readString(Path.of("/proc/loadavg")).strip());
        }
        System.out.println("from the simulator writing the last Ready pod status (medians):");
        System.out.println(podsSeen.summary());
        System.out.println(gateBeside.summary());
        System.out.println(printed.summary());
        System.out.println(exited.summary());
        System.out.println(gateAlone.summary());
        System.out.println(Medians.ratio("ratio gate / kubectl printed", gateBeside, printed));
        System.out.printf("the gate decided after kubectl printed success on %d of %d rollouts%n", gateLater,
                rollouts);
        System.out.println(Medians.figure("real_ready_detect_ms", gateBeside.median(), "ms"));
        System.out.println(Medians.figure("real_kubectl_rollout_status_ms", printed.median(), "ms"));
        System.out.println(Medians.figure("real_kubectl_rollout_status_exit_ms", exited.median(), "ms"));
        System.out.println(Medians.figure("real_ready_detect_alone_ms", gateAlone.median(), "ms"));
    }

    /** Waits until the controllers created every pod and the simulator bound them, so makeReady finds them all. */
    private static void awaitScheduled(KubernetesClient admin, String name) {
        admin.pods().inNamespace(NS).withLabel("app", name).informOnCondition(pods -> pods.size() == REPLICAS
                && pods.stream().allMatch(ReadyBench::scheduled)).orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static boolean scheduled(Pod pod) {
        return pod.getSpec().getNodeName() != null && pod.getStatus() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }

    /** Reads kubectl's output as it comes: when it first reports waiting, when it printed success, when it exited. */
    private static final class KubectlWatch {
        final CompletableFuture<Void> waiting = new CompletableFuture<>();
        final CompletableFuture<Instant> success = new CompletableFuture<>();
        final CompletableFuture<Instant> exited = new CompletableFuture<>();

        KubectlWatch(Process process) {
            Thread reader = new Thread(() -> {
                StringBuilder output = new StringBuilder();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        Instant now = Instant.now();
                        output.append(line).append('\n');
                        if (line.startsWith("Waiting for")) {
                            waiting.complete(null);
                        } else if (line.contains("successfully rolled out")) {
                            success.complete(now);
                        }
                    }
                    process.waitFor();
                    exited.complete(Instant.now());
                } catch (Exception e) {
                    exited.completeExceptionally(e);
                }
                IllegalStateException failed = new IllegalStateException("kubectl rollout status (exit "
                        + process.exitValue() + ") said: " + output);
                waiting.completeExceptionally(failed);
                success.completeExceptionally(failed);
            }, "kubectl-output");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Records when this JVM's watch first saw each pod Ready. */
    private record ReadySeen(Map<String, Instant> seen) implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            onUpdate(null, pod);
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            if (pod.getStatus() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                seen.putIfAbsent(pod.getMetadata().getName(), Instant.now());
            }
        }

        @Override
        public void onDelete(Pod pod, boolean unknown) {
        }
    }
}
