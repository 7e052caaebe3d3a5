package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.Serializable;

/** Which object: apiVersion, kind, namespace ({@code null} for cluster-scoped) and name. Prints as {@code Kind/name}. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) implements Serializable {

    public static ObjectRef of(HasMetadata object) {
        return new ObjectRef(object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
