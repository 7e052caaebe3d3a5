package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;

/**
 * Where a rollout stands, with {@code kubectl rollout status} semantics plus the stricter rule of this gate: every
 * (non-terminating) pod of the new revision must be Ready. Each {@link WorkloadKind} says how its kind gets there.
 *
 * @param phase        waiting, complete, or the Deployment's progress deadline exceeded
 * @param line         the progress line for users
 * @param revision     the new revision, null until the controller created it
 * @param newPods      pods of the new revision
 * @param deadlineNote the Progressing condition's message when the deadline was exceeded
 */
record RolloutStatus(Phase phase, String line, String revision, List<Pod> newPods, String deadlineNote) {

    enum Phase { WAITING, COMPLETE, PROGRESS_DEADLINE_EXCEEDED }

    static RolloutStatus of(RolloutTarget target, Snapshot snapshot) {
        return target.workloadKind().status(target, snapshot);
    }

    static RolloutStatus waiting(String line, String revision, List<Pod> newPods) {
        return new RolloutStatus(Phase.WAITING, line, revision, newPods, null);
    }

    static RolloutStatus complete(String pods, String revision, List<Pod> newPods) {
        return new RolloutStatus(Phase.COMPLETE, pods + ", rollout complete", revision, newPods, null);
    }

    /** The pods that are not terminating, by name. */
    static List<Pod> live(List<Pod> pods) {
        return pods.stream().filter(p -> !Pods.isTerminating(p))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }
}
