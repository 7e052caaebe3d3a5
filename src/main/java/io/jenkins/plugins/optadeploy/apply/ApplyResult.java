package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy changed, in the order it changed it. {@code namespaceCreated}: the namespace did not exist before.
 * {@code workloadRef}: the Deployment/StatefulSet applied ({@code null} when none); {@code workloadGenerationValue}:
 * its metadata.generation after apply, which the rollout gate waits for observedGeneration to reach. Nullable
 * components rather than Optional ones, because the result is persisted with a Jenkins build (Optional is not
 * Serializable); the accessors below give the Optional view.
 */
public record ApplyResult(String namespace, boolean namespaceCreated, List<AppliedObject> applied,
        List<ObjectRef> pruned, ObjectRef workloadRef, Long workloadGenerationValue,
        Duration applyDuration, Duration pruneDuration, boolean dryRun) implements Serializable {

    public ApplyResult {
        applied = List.copyOf(applied);
        pruned = List.copyOf(pruned);
    }

    public Optional<ObjectRef> workload() {
        return Optional.ofNullable(workloadRef);
    }

    public Optional<Long> workloadGeneration() {
        return Optional.ofNullable(workloadGenerationValue);
    }

    public List<ObjectRef> created() {
        return applied.stream().filter(AppliedObject::created).map(AppliedObject::ref).toList();
    }

    public List<ObjectRef> updated() {
        return applied.stream().filter(a -> !a.created()).map(AppliedObject::ref).toList();
    }
}
