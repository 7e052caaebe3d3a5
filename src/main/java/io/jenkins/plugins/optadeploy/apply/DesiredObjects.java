package io.jenkins.plugins.optadeploy.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an apply sends: the request's objects as the cluster should hold them. */
final class DesiredObjects {
    private DesiredObjects() {}

    /**
     * Copies the objects (but the Namespace) into the namespace, labels them as this service's, and leaves replicas
     * to an HPA.
     */
    static List<HasMetadata> of(ApplyRequest request, ApplyListener listener) {
        Set<String> hpaTargets = new HashSet<>();
        for (HasMetadata object : request.objects()) {
            if ("HorizontalPodAutoscaler".equals(object.getKind())) {
                JsonNode target = Serialization.jsonMapper().valueToTree(object).path("spec").path("scaleTargetRef");
                hpaTargets.add(target.path("kind").asText() + "/" + target.path("name").asText());
            }
        }
        List<HasMetadata> desired = new ArrayList<>();
        for (HasMetadata original : request.objects()) {
            if ("Namespace".equals(original.getKind())) {
                continue; // created first when missing (see Applier.createNamespace), never updated, pruned or deleted
            }
            HasMetadata object = ServerFields.copy(original);
            object.getMetadata().setNamespace(request.namespace());
            Map<String, String> labels = object.getMetadata().getLabels() == null ? new HashMap<>()
                    : new HashMap<>(object.getMetadata().getLabels());
            labels.put(request.ownerLabelKey(), request.ownerLabelValue());
            object.getMetadata().setLabels(labels);
            // The HPA owns replicas: sending spec.replicas would make every deploy reset the HPA's scale (and fight
            // it). The renderer already omits it; this is the safety net.
            if (hpaTargets.contains(object.getKind() + "/" + object.getMetadata().getName())) {
                stripReplicas(object, listener);
            }
            desired.add(object);
        }
        return desired;
    }

    private static void stripReplicas(HasMetadata object, ApplyListener listener) {
        if (object instanceof Deployment deployment && deployment.getSpec() != null
                && deployment.getSpec().getReplicas() != null) {
            deployment.getSpec().setReplicas(null);
            listener.progress("left spec.replicas of " + ObjectRef.of(object) + " to its HorizontalPodAutoscaler");
        } else if (object instanceof StatefulSet statefulSet && statefulSet.getSpec() != null
                && statefulSet.getSpec().getReplicas() != null) {
            statefulSet.getSpec().setReplicas(null);
            listener.progress("left spec.replicas of " + ObjectRef.of(object) + " to its HorizontalPodAutoscaler");
        }
    }
}
