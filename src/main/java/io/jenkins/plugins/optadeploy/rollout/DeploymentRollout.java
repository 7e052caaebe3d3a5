package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Deployment's rollout: its new pods are those of the ReplicaSet with the highest revision; done as {@code kubectl
 * rollout status} says (or as the pods prove it sooner), failed when the controller reports ProgressDeadlineExceeded.
 */
final class DeploymentRollout extends WorkloadKind {

    static final String KIND = "Deployment";
    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    private static final String REPLICA_SET = "ReplicaSet";
    private static final Watch DEPLOYMENTS = new Watch("deployments", (c, ns) -> c.apps().deployments().inNamespace(ns));
    private static final Watch REPLICA_SETS = new Watch("replicasets", (c, ns) -> c.apps().replicaSets().inNamespace(ns));

    DeploymentRollout() {
        super(KIND, DEPLOYMENTS, List.of(DEPLOYMENTS, REPLICA_SETS, PODS));
    }

    @Override
    Map<String, String> podSelector(HasMetadata workload) {
        return ((Deployment) workload).getSpec().getSelector().getMatchLabels();
    }

    @Override
    boolean concernsThrough(OwnerReference owner, RolloutTarget target, NamespaceWatch caches) {
        if (!REPLICA_SET.equals(owner.getKind())) {
            return false;
        }
        HasMetadata set = caches.cached(REPLICA_SETS, owner.getName());
        return set == null || concerns(set, target, caches);
    }

    @Override
    Snapshot cached(NamespaceWatch caches, HasMetadata workload) {
        List<ReplicaSet> sets = caches.ownedBy(REPLICA_SETS, workload.getMetadata().getUid());
        List<Pod> pods = new ArrayList<>();
        sets.forEach(rs -> pods.addAll(caches.ownedBy(PODS, rs.getMetadata().getUid())));
        return new Snapshot(workload, sets, pods);
    }

    /** ReplicaSets (whose identity and revision never change) come from the caches unless a pod names an unknown one. */
    @Override
    Snapshot snapshot(KubernetesClient client, RolloutTarget target, HasMetadata workload, List<Pod> pods,
                      Snapshot cached) {
        String uid = workload.getMetadata().getUid();
        List<ReplicaSet> known = cached == null || !uid.equals(cached.workload().getMetadata().getUid()) ? null
                : cached.replicaSets();
        List<ReplicaSet> sets = known;
        if (known == null || pods.stream().anyMatch(p -> ownedByUnknownReplicaSet(p, known))) {
            sets = list(client.apps().replicaSets().inNamespace(target.namespace()), target).stream()
                    .filter(rs -> Snapshot.ownedBy(rs, uid)).toList();
        }
        Set<String> setUids = new HashSet<>();
        sets.forEach(rs -> setUids.add(rs.getMetadata().getUid()));
        return new Snapshot(workload, sets, pods.stream()
                .filter(p -> Snapshot.controller(p).map(o -> setUids.contains(o.getUid())).orElse(false)).toList());
    }

    private static boolean ownedByUnknownReplicaSet(Pod pod, List<ReplicaSet> known) {
        return Snapshot.controller(pod).filter(o -> REPLICA_SET.equals(o.getKind()))
                .map(o -> known.stream().noneMatch(rs -> o.getUid().equals(rs.getMetadata().getUid())))
                .orElse(false);
    }

    @Override
    RolloutStatus status(RolloutTarget target, Snapshot snapshot) {
        Deployment deployment = (Deployment) snapshot.workload();
        String who = target.describe();
        long wanted = Math.max(target.expectedGeneration(), generation(deployment.getMetadata().getGeneration()));
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        if (generation(status.getObservedGeneration()) < wanted) {
            return RolloutStatus.waiting(who + ": waiting for the controller to observe generation " + wanted, null,
                    List.of());
        }
        Optional<ReplicaSet> newest = snapshot.replicaSets().stream()
                .max(Comparator.comparingLong(DeploymentRollout::revisionNumber));
        String revision = newest.map(rs -> rs.getMetadata().getName() + " (revision " + revisionNumber(rs) + ")")
                .orElse(null);
        List<Pod> newPods = newest.map(rs -> RolloutStatus.live(snapshot.pods().stream()
                .filter(p -> Snapshot.ownedBy(p, rs.getMetadata().getUid())).toList())).orElse(List.of());
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        long ready = newPods.stream().filter(Pods::isReady).count();
        String head = who + (newest.isPresent() ? " revision " + revisionNumber(newest.get()) : "") + ": ";
        if (newest.isEmpty() && desired > 0) {
            return RolloutStatus.waiting(head + "waiting for the new ReplicaSet", null, List.of());
        }
        String pods = Math.min(ready, desired) + "/" + desired + " new pods ready";
        Optional<DeploymentCondition> stuck = Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                .findFirst();
        if (stuck.isPresent()) {
            return new RolloutStatus(RolloutStatus.Phase.PROGRESS_DEADLINE_EXCEEDED,
                    head + pods + ", progress deadline exceeded", revision, newPods, stuck.get().getMessage());
        }
        if (ready < desired || ready < newPods.size()) {
            return RolloutStatus.waiting(head + pods, revision, newPods);
        }
        if (provenByPods(deployment, newest.orElse(null), snapshot, desired, newPods)) {
            return RolloutStatus.complete(head + pods, revision, newPods);
        }
        return controllerSays(status, desired, head + pods, revision, newPods);
    }

    /** {@code kubectl rollout status}'s rules, once every new pod is Ready. */
    private static RolloutStatus controllerSays(DeploymentStatus status, int desired, String line, String revision,
                                                List<Pod> newPods) {
        int updated = count(status.getUpdatedReplicas());
        int total = count(status.getReplicas());
        int available = count(status.getAvailableReplicas());
        if (updated < desired) {
            return RolloutStatus.waiting(line, revision, newPods);
        }
        if (total > updated) {
            int old = total - updated;
            return RolloutStatus.waiting(line + ", " + old + " old " + (old == 1 ? "pod" : "pods")
                    + " pending termination", revision, newPods);
        }
        if (available < updated) {
            return RolloutStatus.waiting(line + ", " + available + "/" + updated + " available", revision, newPods);
        }
        return RolloutStatus.complete(line, revision, newPods);
    }

    /**
     * Whether the caches prove the rollout complete before the controllers have said so: the ReplicaSet controller
     * counts a Ready pod as available when the Deployment has no minReadySeconds, and the Deployment's status follows
     * only after two more writes and watch events (kubectl waits for those). Proven when the newest cached ReplicaSet
     * is the one the Deployment's revision annotation names (so a lagging ReplicaSet cache cannot pass an old revision
     * off as new), exactly the desired number of its pods are live and Ready, and no pod of an older revision is left.
     */
    private static boolean provenByPods(Deployment deployment, ReplicaSet newest, Snapshot snapshot, int desired,
                                        List<Pod> newPods) {
        Integer minReadySeconds = deployment.getSpec().getMinReadySeconds();
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        String revision = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
        if (newest == null || minReadySeconds != null && minReadySeconds > 0 || revision == null
                || !revision.equals(String.valueOf(revisionNumber(newest))) || newPods.size() != desired) {
            return false;
        }
        String uid = newest.getMetadata().getUid();
        return snapshot.pods().stream().allMatch(p -> Pods.isTerminating(p) || Snapshot.ownedBy(p, uid));
    }

    static long revisionNumber(ReplicaSet rs) {
        String value = rs.getMetadata().getAnnotations() == null ? null
                : rs.getMetadata().getAnnotations().get(REVISION_ANNOTATION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
