package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The simulated Deployment controller: a ReplicaSet per pod template (pod-template-hash label, revision annotation),
 * old pods removed once the new ones are Ready, the Progressing condition (ProgressDeadlineExceeded when asked).
 */
final class SimDeployments extends SimController {

    SimDeployments(RolloutSimulator sim) {
        super(sim);
    }

    @Override
    void rollOut(HasMetadata workload, long generation, SimRollout previous) {
        Deployment deployment = (Deployment) workload;
        ObjectMeta meta = deployment.getMetadata();
        String ns = meta.getNamespace();
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        String hash = RolloutSimulator.hash(template);
        String rsName = meta.getName() + "-" + hash;
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        if (previous != null && previous.replicaSet.equals(rsName)) {
            SimRollout same = new SimRollout(this, deployment, generation, previous.revision, rsName);
            same.newPods.addAll(previous.newPods);
            same.complete = previous.complete;
            sim.rollouts.put(meta.getName(), same);
            writeStatus(same);
            return;
        }
        long revision = sim.client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> RolloutSimulator.isOwnedBy(rs, meta.getUid()))
                .mapToLong(rs -> Long.parseLong(rs.getMetadata().getAnnotations()
                        .getOrDefault("deployment.kubernetes.io/revision", "0")))
                .max().orElse(0) + 1;
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("pod-template-hash", hash);
        ReplicaSet rs = sim.client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(rsName).withNamespace(ns).withLabels(labels)
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                .withOwnerReferences(RolloutSimulator.owner(deployment)).endMetadata()
                .withNewSpec().withReplicas(desired).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(template.getSpec()).endTemplate().endSpec().build()).create();
        SimRollout rollout = new SimRollout(this, deployment, generation, rsName, rsName);
        if (previous != null) {
            rollout.oldPods.addAll(previous.newPods);
            rollout.oldPods.addAll(previous.oldPods);
        }
        sim.rollouts.put(meta.getName(), rollout);
        sim.newPodsOf(meta.getName());
        for (int i = 0; i < desired; i++) {
            String podName = rsName + "-" + RolloutSimulator.suffix(i);
            sim.createPod(ns, podName, labels, rs, template, meta.getName(), i, rollout);
        }
        writeStatus(rollout);
    }

    @Override
    void writeStatus(SimRollout rollout) {
        ObjectMeta meta = rollout.workload.getMetadata();
        String ns = meta.getNamespace();
        int ready = (int) rollout.newPods.stream().filter(n -> sim.pods.get(n).ready()).count();
        int desired = Objects.requireNonNullElse(((Deployment) rollout.workload).getSpec().getReplicas(), 1);
        if (ready >= desired && !rollout.oldPods.isEmpty()) {
            rollout.oldPods.forEach(n -> sim.client.pods().inNamespace(ns).withName(n).delete());
            rollout.oldPods.forEach(sim.pods::remove);
            sim.endpoints.write(ns, sim.pods.values());
            rollout.oldPods.clear();
            sim.client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                    .filter(rs -> RolloutSimulator.isOwnedBy(rs, meta.getUid()) && !rs.getMetadata().getName().equals(rollout.replicaSet))
                    .forEach(rs -> sim.client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName())
                            .edit(r -> {
                                r.getSpec().setReplicas(0);
                                return r;
                            }));
        }
        rollout.complete = ready >= desired && rollout.oldPods.isEmpty();
        Duration deadline = sim.progressDeadlines.get(meta.getName());
        boolean stuck = !rollout.complete && deadline != null
                && Duration.between(rollout.started, Instant.now()).compareTo(deadline) >= 0;
        if (deadline != null && !rollout.complete && !stuck) {
            sim.loop.schedule(() -> {
                if (sim.rollouts.get(meta.getName()) == rollout) {
                    writeStatus(rollout);
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
        sim.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(meta.getName()).withNamespace(ns).endMetadata()
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(rollout.generation)
                        .withReplicas(total).withUpdatedReplicas(rollout.newPods.size())
                        .withReadyReplicas(ready + oldReady).withAvailableReplicas(ready + oldReady)
                        .withUnavailableReplicas(Math.max(0, desired - ready - oldReady))
                        .withConditions(progressing.build()).build()).build()).updateStatus();
    }
}
