package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * A StatefulSet's rollout: its new pods carry the update revision's {@code controller-revision-hash}; done when the
 * pods above the partition are updated and Ready and (without a partition) the current revision has caught up.
 */
final class StatefulSetRollout extends WorkloadKind {

    static final String KIND = "StatefulSet";
    static final String HASH_LABEL = "controller-revision-hash";
    private static final Watch STATEFUL_SETS =
            new Watch("statefulsets", (c, ns) -> c.apps().statefulSets().inNamespace(ns));

    StatefulSetRollout() {
        super(KIND, STATEFUL_SETS, List.of(STATEFUL_SETS, PODS));
    }

    @Override
    Map<String, String> podSelector(HasMetadata workload) {
        return ((StatefulSet) workload).getSpec().getSelector().getMatchLabels();
    }

    @Override
    Snapshot cached(NamespaceWatch caches, HasMetadata workload) {
        return new Snapshot(workload, List.of(), caches.ownedBy(PODS, workload.getMetadata().getUid()));
    }

    @Override
    Snapshot snapshot(KubernetesClient client, RolloutTarget target, HasMetadata workload, List<Pod> pods,
                      Snapshot cached) {
        String uid = workload.getMetadata().getUid();
        return new Snapshot(workload, List.of(), pods.stream().filter(p -> Snapshot.ownedBy(p, uid)).toList());
    }

    @Override
    RolloutStatus status(RolloutTarget target, Snapshot snapshot) {
        StatefulSet set = (StatefulSet) snapshot.workload();
        String who = target.describe();
        long wanted = Math.max(target.expectedGeneration(), generation(set.getMetadata().getGeneration()));
        StatefulSetStatus status = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        if (generation(status.getObservedGeneration()) < wanted || status.getUpdateRevision() == null) {
            return RolloutStatus.waiting(who + ": waiting for the controller to observe generation " + wanted, null,
                    List.of());
        }
        String revision = status.getUpdateRevision();
        List<Pod> newPods = RolloutStatus.live(snapshot.pods().stream()
                .filter(p -> revision.equals(Pods.labels(p).get(HASH_LABEL))).toList());
        int desired = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        int partition = partition(set);
        int mustUpdate = Math.max(0, desired - partition);
        long ready = newPods.stream().filter(Pods::isReady).count();
        String head = who + " revision " + revision + ": ";
        String pods = Math.min(ready, mustUpdate) + "/" + mustUpdate + " new pods ready";
        if (ready < mustUpdate || ready < newPods.size() || count(status.getReadyReplicas()) < desired) {
            return RolloutStatus.waiting(head + pods, revision, newPods);
        }
        if (status.getUpdatedReplicas() != null && status.getUpdatedReplicas() < mustUpdate) {
            return RolloutStatus.waiting(head + pods + ", " + status.getUpdatedReplicas() + "/" + mustUpdate
                    + " updated", revision, newPods);
        }
        if (partition == 0 && !revision.equals(status.getCurrentRevision())) {
            return RolloutStatus.waiting(head + pods + ", waiting for the current revision to catch up", revision,
                    newPods);
        }
        return RolloutStatus.complete(head + pods, revision, newPods);
    }

    private static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }
}
