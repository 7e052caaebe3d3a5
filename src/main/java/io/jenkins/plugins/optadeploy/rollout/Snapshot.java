package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Optional;

/**
 * One consistent-enough view of a rollout: the workload, the ReplicaSets it owns (Deployment only) and the pods owned
 * by those ReplicaSets or by the StatefulSet. Built from informer caches while waiting, and from reads of the API server
 * on resync and at the deadline.
 */
record Snapshot(HasMetadata workload, List<ReplicaSet> replicaSets, List<Pod> pods) {

    Snapshot {
        replicaSets = List.copyOf(replicaSets);
        pods = List.copyOf(pods);
    }

    static Optional<OwnerReference> controller(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        if (owners == null) {
            return Optional.empty();
        }
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .or(() -> owners.stream().findFirst());
    }

    static boolean ownedBy(HasMetadata object, String ownerUid) {
        return ownerUid != null && controller(object).map(o -> ownerUid.equals(o.getUid())).orElse(false);
    }
}
