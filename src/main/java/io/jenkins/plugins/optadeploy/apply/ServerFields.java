package io.jenkins.plugins.optadeploy.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/** Removes what the API server and controllers write, so an object can be re-applied or compared with another. */
final class ServerFields {

    private static final List<String> METADATA = List.of("resourceVersion", "uid", "managedFields", "creationTimestamp",
            "generation", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences");
    /** Annotations the Deployment controller keeps; re-sending them would claim fields we do not own. */
    private static final List<String> ANNOTATIONS = List.of("deployment.kubernetes.io/revision");

    private ServerFields() {
    }

    static HasMetadata strip(HasMetadata object) {
        ObjectNode tree = ObjectJson.tree(object);
        tree.remove("status");
        if (tree.get("metadata") instanceof ObjectNode metadata) {
            METADATA.forEach(metadata::remove);
            if (metadata.get("annotations") instanceof ObjectNode annotations) {
                ANNOTATIONS.forEach(annotations::remove);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        return ObjectJson.object(tree.toString());
    }

    static HasMetadata copy(HasMetadata object) {
        return ObjectJson.copy(object);
    }
}
