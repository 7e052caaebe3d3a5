package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy changed, in the order it changed it. {@code namespaceCreated}: the namespace did not exist before.
 * {@code workloadGenerationValue}: the Deployment's or StatefulSet's metadata.generation after apply ({@code null}
 * when none was applied), which the rollout gate waits for observedGeneration to reach. A nullable component rather
 * than an Optional one, because the result is persisted with a Jenkins build (Optional is not Serializable).
 */
public record ApplyResult(String namespace, boolean namespaceCreated, List<AppliedObject> applied,
        List<ObjectRef> pruned, Long workloadGenerationValue) implements Serializable {

    public ApplyResult {
        applied = List.copyOf(applied);
        pruned = List.copyOf(pruned);
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
