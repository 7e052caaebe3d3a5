package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to attach to a rollout, possibly from another process later: the Jenkins step persists it before
 * waiting and resumes from it after a controller restart.
 *
 * @param namespace          namespace of the workload
 * @param kind               a {@link WorkloadKind}'s kind: {@code Deployment} or {@code StatefulSet}
 * @param name               workload name
 * @param expectedGeneration the {@code metadata.generation} the apply produced; the controller must have observed at
 *                           least this generation before the rollout can count as done
 * @param deadline           when waiting gives up (the deploy timeout is chosen by the caller; Opta uses 300 s)
 * @param podSelector        the workload's pod labels ({@code spec.selector.matchLabels}); narrows the reads from the
 *                           API server
 */
public record RolloutTarget(
        String namespace, String kind, String name, long expectedGeneration, Instant deadline,
        Map<String, String> podSelector) implements Serializable {

    private static final long serialVersionUID = 1L;

    public RolloutTarget {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deadline, "deadline");
        WorkloadKind.named(kind);
        podSelector = podSelector == null ? Map.of() : Map.copyOf(podSelector);
    }

    /** The target for a workload the apply produced, of any kind the gate knows. */
    public static RolloutTarget of(HasMetadata workload, long expectedGeneration, Instant deadline) {
        WorkloadKind kind = WorkloadKind.named(workload.getKind());
        return new RolloutTarget(workload.getMetadata().getNamespace(), kind.kind, workload.getMetadata().getName(),
                expectedGeneration, deadline, kind.podSelector(workload));
    }

    public static RolloutTarget deployment(String namespace, String name, long expectedGeneration, Instant deadline,
                                           Map<String, String> podSelector) {
        return new RolloutTarget(namespace, DeploymentRollout.KIND, name, expectedGeneration, deadline, podSelector);
    }

    public static RolloutTarget statefulSet(String namespace, String name, long expectedGeneration, Instant deadline,
                                            Map<String, String> podSelector) {
        return new RolloutTarget(namespace, StatefulSetRollout.KIND, name, expectedGeneration, deadline, podSelector);
    }

    /** What the gate knows about this kind of workload. */
    WorkloadKind workloadKind() {
        return WorkloadKind.named(kind);
    }

    /** {@code Deployment ns/web}, as used in messages. */
    public String describe() {
        return kind + " " + namespace + "/" + name;
    }
}
