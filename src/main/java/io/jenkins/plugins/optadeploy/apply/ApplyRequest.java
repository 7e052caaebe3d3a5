package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Objects;

/**
 * What to apply: the rendered objects of one service into {@code namespace}. Every object carries (or is given) the
 * label {@code ownerLabelKey=ownerLabelValue}, which is how objects no longer rendered are found and pruned.
 */
public record ApplyRequest(String namespace, List<HasMetadata> objects, String ownerLabelKey, String ownerLabelValue,
        boolean forceConflicts) {

    public ApplyRequest {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ownerLabelKey, "ownerLabelKey");
        Objects.requireNonNull(ownerLabelValue, "ownerLabelValue");
        objects = List.copyOf(objects);
    }
}
