package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private final KubernetesClient client;
    private final SimEventWriter events;
    private final Map<String, Duration> progressDeadlines = new ConcurrentHashMap<>();
    private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();
    private final Map<String, SimPod> pods = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** One revision being rolled out: its pods and what is left of older revisions. */
    private static final class Rollout {
        final HasMetadata workload;
        final long generation;
        final String revision;
        final String replicaSet;
        final List<String> newPods = new ArrayList<>();
        final List<String> oldPods = new ArrayList<>();
        final Instant started = Instant.now();
        boolean complete;

        Rollout(HasMetadata workload, long generation, String revision, String replicaSet) {
            this.workload = workload;
            this.generation = generation;
            this.revision = revision;
            this.replicaSet = replicaSet;
        }
    }

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
        informers.add(client.apps().deployments().inAnyNamespace().inform(handler(this::onWorkload)));
        informers.add(client.apps().statefulSets().inAnyNamespace().inform(handler(this::onWorkload)));
    }

    /** The Deployment reports ProgressDeadlineExceeded when a rollout is not complete after {@code after}. */
    public void progressDeadline(String deployment, Duration after) {
        progressDeadlines.put(deployment, after);
    }

    /** The revision the simulator rolled out last for the workload (ReplicaSet name or StatefulSet revision). */
    public String currentRevision(String workload) {
        Rollout rollout = rollouts.get(workload);
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

    private void onWorkload(HasMetadata workload) {
        String name = workload.getMetadata().getName();
        long generation = Objects.requireNonNullElse(workload.getMetadata().getGeneration(), 1L);
        Rollout current = rollouts.get(name);
        if (current != null && current.generation >= generation) {
            return;
        }
        if (workload instanceof Deployment deployment) {
            rollOutDeployment(deployment, generation, current);
        } else {
            rollOutStatefulSet((StatefulSet) workload, generation, current);
        }
    }

    private void rollOutDeployment(Deployment deployment, long generation, Rollout previous) {
        ObjectMeta meta = deployment.getMetadata();
        String ns = meta.getNamespace();
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        String hash = hash(template);
        String rsName = meta.getName() + "-" + hash;
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        if (previous != null && previous.replicaSet.equals(rsName)) {
            Rollout same = new Rollout(deployment, generation, previous.revision, rsName);
            same.newPods.addAll(previous.newPods);
            same.complete = previous.complete;
            rollouts.put(meta.getName(), same);
            writeDeploymentStatus(same);
            return;
        }
        long revision = client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> isOwnedBy(rs, meta.getUid()))
                .mapToLong(rs -> Long.parseLong(rs.getMetadata().getAnnotations()
                        .getOrDefault("deployment.kubernetes.io/revision", "0")))
                .max().orElse(0) + 1;
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("pod-template-hash", hash);
        ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(rsName).withNamespace(ns).withLabels(labels)
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                .withOwnerReferences(owner(deployment)).endMetadata()
                .withNewSpec().withReplicas(desired).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(template.getSpec()).endTemplate().endSpec().build()).create();
        Rollout rollout = new Rollout(deployment, generation, rsName, rsName);
        if (previous != null) {
            rollout.oldPods.addAll(previous.newPods);
            rollout.oldPods.addAll(previous.oldPods);
        }
        rollouts.put(meta.getName(), rollout);
        newPodsOf(meta.getName());
        for (int i = 0; i < desired; i++) {
            String podName = rsName + "-" + suffix(i);
            createPod(ns, podName, labels, rs, template, meta.getName(), i, rollout);
        }
        writeDeploymentStatus(rollout);
    }

    private void rollOutStatefulSet(StatefulSet set, long generation, Rollout previous) {
        ObjectMeta meta = set.getMetadata();
        String ns = meta.getNamespace();
        PodTemplateSpec template = set.getSpec().getTemplate();
        String revision = meta.getName() + "-" + hash(template);
        int desired = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        Rollout rollout = new Rollout(set, generation, revision, revision);
        rollouts.put(meta.getName(), rollout);
        newPodsOf(meta.getName());
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("controller-revision-hash", revision);
        for (int i = 0; i < desired; i++) {
            String podName = meta.getName() + "-" + i;
            client.pods().inNamespace(ns).withName(podName).delete();
            createPod(ns, podName, labels, set, template, meta.getName(), i, rollout);
        }
        writeStatefulSetStatus(rollout);
    }

    private void createPod(String ns, String podName, Map<String, String> labels, HasMetadata owner,
                           PodTemplateSpec template, String workload, int index, Rollout rollout) {
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

    private void play(Pod pod, SimPod sim, List<PodScript.Step> steps, int next, String workload, Rollout rollout) {
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
            updateWorkload(rollout);
            events.write(pod, sim);
            play(pod, sim, steps, next + 1, workload, rollout);
        }, step.after().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void updateWorkload(Rollout rollout) {
        if (rollout.workload instanceof Deployment) {
            writeDeploymentStatus(rollout);
        } else {
            writeStatefulSetStatus(rollout);
        }
    }

    private void writeDeploymentStatus(Rollout rollout) {
        ObjectMeta meta = rollout.workload.getMetadata();
        String ns = meta.getNamespace();
        int ready = (int) rollout.newPods.stream().filter(n -> pods.get(n).ready()).count();
        int desired = Objects.requireNonNullElse(((Deployment) rollout.workload).getSpec().getReplicas(), 1);
        if (ready >= desired && !rollout.oldPods.isEmpty()) {
            rollout.oldPods.forEach(n -> client.pods().inNamespace(ns).withName(n).delete());
            rollout.oldPods.forEach(pods::remove);
            endpoints.write(ns, pods.values());
            rollout.oldPods.clear();
            client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                    .filter(rs -> isOwnedBy(rs, meta.getUid()) && !rs.getMetadata().getName().equals(rollout.replicaSet))
                    .forEach(rs -> client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName())
                            .edit(r -> {
                                r.getSpec().setReplicas(0);
                                return r;
                            }));
        }
        rollout.complete = ready >= desired && rollout.oldPods.isEmpty();
        Duration deadline = progressDeadlines.get(meta.getName());
        boolean stuck = !rollout.complete && deadline != null
                && Duration.between(rollout.started, Instant.now()).compareTo(deadline) >= 0;
        if (deadline != null && !rollout.complete && !stuck) {
            loop.schedule(() -> {
                if (rollouts.get(meta.getName()) == rollout) {
                    writeDeploymentStatus(rollout);
                }
            }, deadline.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
        var progressing = new DeploymentConditionBuilder().withType("Progressing")
                .withLastUpdateTime(Instant.now().toString()).withLastTransitionTime(Instant.now().toString());
        if (stuck) {
            progressing.withStatus("False").withReason("ProgressDeadlineExceeded").withMessage(
                    "ReplicaSet \"" + rollout.replicaSet + "\" has timed out progressing.");
        } else if (rollout.complete) {
            progressing.withStatus("True").withReason("NewReplicaSetAvailable").withMessage(
                    "ReplicaSet \"" + rollout.replicaSet + "\" has successfully progressed.");
        } else {
            progressing.withStatus("True").withReason("ReplicaSetUpdated").withMessage(
                    "ReplicaSet \"" + rollout.replicaSet + "\" is progressing.");
        }
        int total = rollout.newPods.size() + rollout.oldPods.size();
        int oldReady = rollout.oldPods.size();
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(meta.getName()).withNamespace(ns).endMetadata()
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(rollout.generation)
                        .withReplicas(total).withUpdatedReplicas(rollout.newPods.size())
                        .withReadyReplicas(ready + oldReady).withAvailableReplicas(ready + oldReady)
                        .withUnavailableReplicas(Math.max(0, desired - ready - oldReady))
                        .withConditions(progressing.build()).build()).build()).updateStatus();
    }

    private void writeStatefulSetStatus(Rollout rollout) {
        ObjectMeta meta = rollout.workload.getMetadata();
        int ready = (int) rollout.newPods.stream().filter(n -> pods.get(n).ready()).count();
        int desired = Objects.requireNonNullElse(((StatefulSet) rollout.workload).getSpec().getReplicas(), 1);
        rollout.complete = ready >= desired;
        Rollout current = rollout;
        client.apps().statefulSets().inNamespace(meta.getNamespace()).withName(meta.getName()).editStatus(s -> {
            String previous = s.getStatus() == null ? null : s.getStatus().getCurrentRevision();
            s.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(current.generation)
                    .withReplicas(desired).withReadyReplicas(ready).withUpdatedReplicas(current.newPods.size())
                    .withCurrentReplicas(current.complete ? desired : 0).withUpdateRevision(current.revision)
                    .withCurrentRevision(current.complete || previous == null ? current.revision : previous).build());
            return s;
        });
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

    private static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    private static boolean isOwnedBy(HasMetadata object, String uid) {
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> uid.equals(o.getUid()));
    }

    private static String hash(PodTemplateSpec template) {
        return String.format("%08x", Serialization.asJson(template).hashCode()).substring(0, 8);
    }

    private static String suffix(int index) {
        return "p" + index + Long.toString(System.nanoTime() % 46656, 36);
    }
}
