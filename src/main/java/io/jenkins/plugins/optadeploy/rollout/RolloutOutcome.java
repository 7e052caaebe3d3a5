package io.jenkins.plugins.optadeploy.rollout;

import java.time.Instant;
import java.util.List;

/**
 * How a rollout ended.
 *
 * @param succeeded   every new pod Ready and the workload fully rolled out
 * @param diagnosis   why it failed; null on success
 * @param revision    the new ReplicaSet and its {@code deployment.kubernetes.io/revision} ({@code web-5d9c (revision 3)}),
 *                    or the StatefulSet's updateRevision; null when the controller never produced one
 * @param timeline    milestones of each new pod
 * @param pods        last state of each new pod
 * @param completedAt when the gate decided, on the local clock
 * @param warnings    what the gate noticed around a successful rollout that does not fail it: a Service without ready
 *                    endpoints, an Ingress without an address, an autoscaler that cannot read its metrics
 */
public record RolloutOutcome(
        boolean succeeded, Diagnosis diagnosis, String revision, List<PodTimeline> timeline, List<PodState> pods,
        Instant completedAt, List<String> warnings) {

    public RolloutOutcome {
        timeline = List.copyOf(timeline);
        pods = List.copyOf(pods);
        warnings = List.copyOf(warnings);
        if (succeeded == (diagnosis != null)) {
            throw new IllegalArgumentException("a failed outcome needs a diagnosis, a successful one has none");
        }
    }

    /** An outcome without warnings. */
    public RolloutOutcome(boolean succeeded, Diagnosis diagnosis, String revision, List<PodTimeline> timeline,
                          List<PodState> pods, Instant completedAt) {
        this(succeeded, diagnosis, revision, timeline, pods, completedAt, List.of());
    }
}
