package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Plays the Deployment and StatefulSet controllers, the scheduler and the kubelet against a {@link CrudServer}: for each
 * new generation it creates a ReplicaSet (pod-template-hash label, revision annotation) or a StatefulSet revision, creates
 * the pods, moves every pod through its {@link PodScript}, writes Warning/Normal events, serves container logs, keeps
 * the workload status up to date and removes the old pods once the new ones are Ready. All writes happen on one thread,
 * in the order a real control plane would make them.
 */
public final class RolloutSimulator extends PodScripts {

    final KubernetesClient client;
    private final SimEventWriter events;
    final Map<String, Duration> progressDeadlines = new ConcurrentHashMap<>();
    final Map<String, SimRollout> rollouts = new ConcurrentHashMap<>();
    final Map<String, SimPod> pods = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public RolloutSimulator(CrudServer server) {
        this(server.client(), server::serveLogs);
    }

    /** Against a {@link MockCluster}, which also accepts server-side apply: for end-to-end deploys. */
    public RolloutSimulator(MockCluster cluster) {
        this(cluster.client(), cluster::serveLogs);
    }

    private RolloutSimulator(KubernetesClient client,
            Consumer<BiFunction<String, Map<String, String>, String>> logEndpoint) {
        super("rollout-simulator", client);
        this.client = client;
        this.events = new SimEventWriter(client, null);
        logEndpoint.accept(this::log);
        SimController deployments = new SimDeployments(this);
        SimController statefulSets = new SimStatefulSets(this);
        informers.add(client.apps().deployments().inAnyNamespace().inform(handler(w -> onWorkload(w, deployments))));
        informers.add(client.apps().statefulSets().inAnyNamespace().inform(handler(w -> onWorkload(w, statefulSets))));
    }

    /** The Deployment reports ProgressDeadlineExceeded when a rollout is not complete after {@code after}. */
    public void progressDeadline(String deployment, Duration after) {
        progressDeadlines.put(deployment, after);
    }

    /** The revision the simulator rolled out last for the workload (ReplicaSet name or StatefulSet revision). */
    public String currentRevision(String workload) {
        SimRollout rollout = rollouts.get(workload);
        return rollout == null ? null : rollout.revision;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        stopLoop();
        client.close();
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                loop.execute(() -> onChange.accept(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                loop.execute(() -> onChange.accept(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        };
    }

    private void onWorkload(HasMetadata workload, SimController controller) {
        String name = workload.getMetadata().getName();
        long generation = Objects.requireNonNullElse(workload.getMetadata().getGeneration(), 1L);
        SimRollout current = rollouts.get(name);
        if (current == null || current.generation < generation) {
            controller.rollOut(workload, generation, current);
        }
    }

    void createPod(String ns, String podName, Map<String, String> labels, HasMetadata owner,
                           PodTemplateSpec template, String workload, int index, SimRollout rollout) {
        var container = template.getSpec().getContainers().get(0);
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(ns).withLabels(labels)
                .withCreationTimestamp(Instant.now().toString()).withOwnerReferences(owner(owner)).endMetadata()
                .withSpec(template.getSpec()).withNewStatus().withPhase("Pending").endStatus().build()).create();
        SimPod sim = new SimPod(ns, podName, labels, container.getName(), container.getImage());
        pods.put(podName, sim);
        rollout.newPods.add(podName);
        PodScript script = scriptFor(workload, index);
        play(pod, sim, script.steps(), 0, workload, rollout);
    }

    private void play(Pod pod, SimPod sim, List<PodScript.Step> steps, int next, String workload, SimRollout rollout) {
        if (next >= steps.size()) {
            return;
        }
        PodScript.Step step = steps.get(next);
        loop.schedule(() -> {
            if (rollouts.get(workload) != rollout) {
                return;
            }
            boolean wasReady = sim.ready();
            step.change().accept(sim);
            boolean becameReady = sim.ready() && !wasReady;
            Instant writing = Instant.now();
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(new PodBuilder()
                    .withNewMetadata().withName(sim.name).withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                    .withStatus(sim.status()).build()).updateStatus();
            if (becameReady && rollout.newPods.stream().allMatch(n -> pods.get(n).ready())) {
                allReadyWritten(workload, writing);
            }
            endpoints.write(sim.namespace, pods.values());
            rollout.controller.writeStatus(rollout);
            events.write(pod, sim);
            play(pod, sim, steps, next + 1, workload, rollout);
        }, step.after().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String log(String podName, Map<String, String> query) {
        SimPod sim = pods.get(podName);
        if (sim == null || sim.instanceLogs.isEmpty()) {
            return null;
        }
        int current = sim.instanceLogs.size() - 1;
        boolean previous = Boolean.parseBoolean(query.getOrDefault("previous", "false"));
        boolean running = sim.status().getContainerStatuses().stream().anyMatch(c -> c.getState().getRunning() != null);
        int instance = previous ? (running ? current - 1 : current) : current;
        if (instance < 0) {
            return null;
        }
        List<String> lines = sim.instanceLogs.get(instance);
        int tail = Integer.parseInt(query.getOrDefault("tailLines", String.valueOf(lines.size())));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - tail), lines.size())) + "\n";
    }

    static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    static boolean isOwnedBy(HasMetadata object, String uid) {
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> uid.equals(o.getUid()));
    }

    static String hash(PodTemplateSpec template) {
        return String.format("%08x", Serialization.asJson(template).hashCode()).substring(0, 8);
    }

    static String suffix(int index) {
        return "p" + index + Long.toString(System.nanoTime() % 46656, 36);
    }
}
