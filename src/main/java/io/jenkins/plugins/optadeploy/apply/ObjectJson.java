package io.jenkins.plugins.optadeploy.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Kubernetes objects as JSON trees and back, with fabric8's model mapping. One immutable instance: building it scans
 * the class path for the model's resource types.
 */
final class ObjectJson {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ObjectJson() {}

    static ObjectNode tree(Object object) {
        return SERIALIZATION.convertValue(object, ObjectNode.class);
    }

    /** The typed object a JSON or YAML text describes, by its {@code apiVersion} and {@code kind}. */
    static <T extends HasMetadata> T object(String text) {
        return SERIALIZATION.unmarshal(text);
    }

    static HasMetadata copy(HasMetadata object) {
        return SERIALIZATION.unmarshal(SERIALIZATION.asJson(object));
    }

    static String json(Object object) {
        return SERIALIZATION.asJson(object);
    }

    static String yaml(Object object) {
        return SERIALIZATION.asYaml(object);
    }
}
