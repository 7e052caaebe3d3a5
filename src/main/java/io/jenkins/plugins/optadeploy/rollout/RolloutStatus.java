package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a rollout stands, with {@code kubectl rollout status} semantics plus the stricter rule of this gate: every
 * (non-terminating) pod of the new revision must be Ready.
 *
 * @param phase        waiting, complete, or the Deployment's progress deadline exceeded
 * @param line         the progress line for users
 * @param revision     the new revision, null until the controller created it
 * @param newPods      pods of the new revision
 * @param deadlineNote the Progressing condition's message when the deadline was exceeded
 */
record RolloutStatus(Phase phase, String line, String revision, List<Pod> newPods, String deadlineNote) {

    enum Phase { WAITING, COMPLETE, PROGRESS_DEADLINE_EXCEEDED }

    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    static final String STATEFUL_SET_HASH_LABEL = "controller-revision-hash";

    static RolloutStatus of(RolloutTarget target, Snapshot snapshot) {
        return snapshot.workload() instanceof StatefulSet set
                ? ofStatefulSet(target, set, snapshot)
                : ofDeployment(target, (Deployment) snapshot.workload(), snapshot);
    }

    static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static RolloutStatus ofDeployment(RolloutTarget target, Deployment deployment, Snapshot snapshot) {
        String who = target.describe();
        long wanted = Math.max(target.expectedGeneration(), generation(deployment.getMetadata().getGeneration()));
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        long observed = generation(status.getObservedGeneration());
        if (observed < wanted) {
            return waiting(who + ": waiting for the controller to observe generation " + wanted, null, List.of());
        }
        Optional<ReplicaSet> newest = snapshot.replicaSets().stream()
                .max(Comparator.comparingLong(RolloutStatus::revisionNumber));
        String revision = newest.map(rs -> rs.getMetadata().getName() + " (revision " + revisionNumber(rs) + ")")
                .orElse(null);
        List<Pod> newPods = newest.map(rs -> live(snapshot.pods().stream()
                .filter(p -> Snapshot.ownedBy(p, rs.getMetadata().getUid())).toList())).orElse(List.of());
        Optional<DeploymentCondition> stuck = Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                .findFirst();
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int updated = count(status.getUpdatedReplicas());
        int total = count(status.getReplicas());
        int available = count(status.getAvailableReplicas());
        long ready = newPods.stream().filter(RolloutStatus::isReady).count();
        String head = who + (newest.isPresent() ? " revision " + revisionNumber(newest.get()) : "") + ": ";
        if (newest.isEmpty() && desired > 0) {
            return waiting(head + "waiting for the new ReplicaSet", null, List.of());
        }
        String pods = Math.min(ready, desired) + "/" + desired + " new pods ready";
        if (stuck.isPresent()) {
            return new RolloutStatus(Phase.PROGRESS_DEADLINE_EXCEEDED, head + pods + ", progress deadline exceeded",
                    revision, newPods, stuck.get().getMessage());
        }
        if (ready < desired || ready < newPods.size()) {
            return waiting(head + pods, revision, newPods);
        }
        if (provenByPods(deployment, newest.orElse(null), snapshot, desired, newPods)) {
            return new RolloutStatus(Phase.COMPLETE, head + pods + ", rollout complete", revision, newPods, null);
        }
        if (updated < desired) {
            return waiting(head + pods, revision, newPods);
        }
        if (total > updated) {
            int old = total - updated;
            return waiting(head + pods + ", " + old + " old " + (old == 1 ? "pod" : "pods") + " pending termination",
                    revision, newPods);
        }
        if (available < updated) {
            return waiting(head + pods + ", " + available + "/" + updated + " available", revision, newPods);
        }
        return new RolloutStatus(Phase.COMPLETE, head + pods + ", rollout complete", revision, newPods, null);
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
        return snapshot.pods().stream().allMatch(p -> isTerminating(p) || Snapshot.ownedBy(p, uid));
    }

    private static RolloutStatus ofStatefulSet(RolloutTarget target, StatefulSet set, Snapshot snapshot) {
        String who = target.describe();
        long wanted = Math.max(target.expectedGeneration(), generation(set.getMetadata().getGeneration()));
        StatefulSetStatus status = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        long observed = generation(status.getObservedGeneration());
        if (observed < wanted || status.getUpdateRevision() == null) {
            return waiting(who + ": waiting for the controller to observe generation " + wanted, null, List.of());
        }
        String revision = status.getUpdateRevision();
        List<Pod> newPods = live(snapshot.pods().stream()
                .filter(p -> revision.equals(labels(p).get(STATEFUL_SET_HASH_LABEL))).toList());
        int desired = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        int partition = partition(set);
        int mustUpdate = Math.max(0, desired - partition);
        long ready = newPods.stream().filter(RolloutStatus::isReady).count();
        String head = who + " revision " + revision + ": ";
        String pods = Math.min(ready, mustUpdate) + "/" + mustUpdate + " new pods ready";
        if (ready < mustUpdate || ready < newPods.size() || count(status.getReadyReplicas()) < desired) {
            return waiting(head + pods, revision, newPods);
        }
        if (status.getUpdatedReplicas() != null && status.getUpdatedReplicas() < mustUpdate) {
            return waiting(head + pods + ", " + status.getUpdatedReplicas() + "/" + mustUpdate + " updated", revision,
                    newPods);
        }
        if (partition == 0 && !revision.equals(status.getCurrentRevision())) {
            return waiting(head + pods + ", waiting for the current revision to catch up", revision, newPods);
        }
        return new RolloutStatus(Phase.COMPLETE, head + pods + ", rollout complete", revision, newPods, null);
    }

    private static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }

    private static RolloutStatus waiting(String line, String revision, List<Pod> newPods) {
        return new RolloutStatus(Phase.WAITING, line, revision, newPods, null);
    }

    private static List<Pod> live(List<Pod> pods) {
        return pods.stream().filter(p -> !isTerminating(p))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
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

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static long generation(Long value) {
        return value == null ? 0 : value;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
