package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The simulated StatefulSet controller: every pod replaced by one of the update revision, then the revisions caught up. */
final class SimStatefulSets extends SimController {

    SimStatefulSets(RolloutSimulator sim) {
        super(sim);
    }

    @Override
    void rollOut(HasMetadata workload, long generation, SimRollout previous) {
        StatefulSet set = (StatefulSet) workload;
        ObjectMeta meta = set.getMetadata();
        String ns = meta.getNamespace();
        PodTemplateSpec template = set.getSpec().getTemplate();
        String revision = meta.getName() + "-" + RolloutSimulator.hash(template);
        int desired = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        SimRollout rollout = new SimRollout(this, set, generation, revision, revision);
        sim.rollouts.put(meta.getName(), rollout);
        sim.newPodsOf(meta.getName());
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("controller-revision-hash", revision);
        for (int i = 0; i < desired; i++) {
            String podName = meta.getName() + "-" + i;
            sim.client.pods().inNamespace(ns).withName(podName).delete();
            sim.createPod(ns, podName, labels, set, template, meta.getName(), i, rollout);
        }
        writeStatus(rollout);
    }

    @Override
    void writeStatus(SimRollout rollout) {
        ObjectMeta meta = rollout.workload.getMetadata();
        int ready = (int) rollout.newPods.stream().filter(n -> sim.pods.get(n).ready()).count();
        int desired = Objects.requireNonNullElse(((StatefulSet) rollout.workload).getSpec().getReplicas(), 1);
        rollout.complete = ready >= desired;
        SimRollout current = rollout;
        sim.client.apps().statefulSets().inNamespace(meta.getNamespace()).withName(meta.getName()).editStatus(s -> {
            String previous = s.getStatus() == null ? null : s.getStatus().getCurrentRevision();
            s.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(current.generation)
                    .withReplicas(desired).withReadyReplicas(ready).withUpdatedReplicas(current.newPods.size())
                    .withCurrentReplicas(current.complete ? desired : 0).withUpdateRevision(current.revision)
                    .withCurrentRevision(current.complete || previous == null ? current.revision : previous).build());
            return s;
        });
    }
}
