package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which workload a pod the real controllers made belongs to, as {@link KubeletSimulator} scripts are keyed by it. */
final class PodWorkloads {

    private final KubernetesClient client;
    private final Map<String, String> replicaSetOwners = new ConcurrentHashMap<>();

    PodWorkloads(KubernetesClient client) {
        this.client = client;
    }

    /** The Deployment (or other controller) above the pod's ReplicaSet; else the pod's own controller's name. */
    String of(Pod pod) {
        OwnerReference owner = controller(pod.getMetadata().getOwnerReferences());
        if (owner == null) {
            return pod.getMetadata().getName();
        }
        if (!"ReplicaSet".equals(owner.getKind())) {
            return owner.getName();
        }
        return replicaSetOwners.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + owner.getName(), k -> {
            ReplicaSet rs = client.apps().replicaSets().inNamespace(pod.getMetadata().getNamespace())
                    .withName(owner.getName()).get();
            OwnerReference deployment = rs == null ? null : controller(rs.getMetadata().getOwnerReferences());
            return deployment == null ? owner.getName() : deployment.getName();
        });
    }

    private static OwnerReference controller(List<OwnerReference> owners) {
        return owners == null ? null : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .orElse(null);
    }
}
