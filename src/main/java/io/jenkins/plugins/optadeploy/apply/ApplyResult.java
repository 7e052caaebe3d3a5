package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What a deploy changed, in the order it changed it. {@code namespaceCreated}: the namespace did not exist before.
 * {@code workload}: the Deployment/StatefulSet, {@code null} when none was applied; {@code workloadGeneration}: its
 * metadata.generation after apply (the rollout gate waits for observedGeneration to reach it), {@code null} when none.
 * Serializable, so that a Jenkins step can keep it across a restart and still roll back.
 */
public record ApplyResult(String namespace, boolean namespaceCreated, List<AppliedObject> applied,
        List<ObjectRef> pruned, ObjectRef workload, Long workloadGeneration,
        Duration applyDuration, Duration pruneDuration, boolean dryRun) implements Serializable {

    public ApplyResult {
        applied = List.copyOf(applied);
        pruned = List.copyOf(pruned);
    }

    public List<ObjectRef> created() {
        return applied.stream().filter(AppliedObject::created).map(AppliedObject::ref).toList();
    }

    public List<ObjectRef> updated() {
        return applied.stream().filter(a -> !a.created()).map(AppliedObject::ref).toList();
    }
}
