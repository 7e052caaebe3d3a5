package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy changed, in the order it changed it. {@code namespaceCreated}: the namespace did not exist before.
 * {@code workloadGeneration}: metadata.generation of the Deployment/StatefulSet after apply, for the rollout gate.
 */
public record ApplyResult(String namespace, boolean namespaceCreated, List<AppliedObject> applied,
        List<ObjectRef> pruned, Optional<ObjectRef> workload, Optional<Long> workloadGeneration,
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
