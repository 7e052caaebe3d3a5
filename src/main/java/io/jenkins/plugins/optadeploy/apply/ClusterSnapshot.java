package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live state, before a deploy, of every object it touches: the object as YAML, or absent when it did not exist.
 * Kept as text so that it survives serialization (a Jenkins restart). It may hold Secret data: it is never printed
 * ({@code toString} lists references only) and lives as long as the deploy.
 */
public final class ClusterSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final boolean namespaceExisted;
    private final Map<ObjectRef, String> previous;

    ClusterSnapshot(String namespace, boolean namespaceExisted, Map<ObjectRef, String> previous) {
        this.namespace = namespace;
        this.namespaceExisted = namespaceExisted;
        this.previous = new LinkedHashMap<>(previous);
    }

    public String namespace() {
        return namespace;
    }

    public boolean namespaceExisted() {
        return namespaceExisted;
    }

    /** The object as it was before the deploy; empty when it did not exist or was not captured. */
    public Optional<HasMetadata> previous(ObjectRef ref) {
        String yaml = previous.get(ref);
        return yaml == null ? Optional.empty() : Optional.of(Serialization.unmarshal(yaml));
    }

    /** Whether the object existed before the deploy. */
    boolean existed(ObjectRef ref) {
        return previous.get(ref) != null;
    }

    public boolean captured(ObjectRef ref) {
        return previous.containsKey(ref);
    }

    @Override
    public String toString() {
        return "snapshot of " + namespace + ": " + previous.keySet();
    }
}
