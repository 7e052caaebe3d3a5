package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Deployment, or the StatefulSet when persistent storage is requested. Neither sets {@code replicas}: the HPA owns
 * the count, and an apply that set it would scale the service back on every deploy (Opta's chart did the same).
 */
final class Workloads {
    private Workloads() {}

    static Deployment deployment(Metadata meta) {
        Names names = meta.names();
        return new DeploymentBuilder()
                .withMetadata(meta.object(names.fullname(), meta.commonWithDatadog()))
                .withNewSpec()
                .withNewSelector().withMatchLabels(meta.selector()).endSelector()
                .withTemplate(podTemplate(meta))
                .endSpec()
                .build();
    }

    /**
     * Opta's StatefulSet: {@code serviceName}, {@code podManagementPolicy} and the claim templates are immutable, so
     * they are rendered exactly as Opta did (claims without labels or storage class). Opta's template ignored exec
     * probes, commands and args and probed readiness on the liveness path; here both variants share one container.
     */
    static StatefulSet statefulSet(Metadata meta) {
        Names names = meta.names();
        return new StatefulSetBuilder()
                .withMetadata(meta.object(names.fullname(), meta.commonWithDatadog()))
                .withNewSpec()
                .withNewSelector().withMatchLabels(meta.selector()).endSelector()
                .withPodManagementPolicy("Parallel")
                .withVolumeClaimTemplates(volumeClaims(meta.service()))
                .withServiceName(names.service())
                .withTemplate(podTemplate(meta))
                .endSpec()
                .build();
    }

    private static PodTemplateSpec podTemplate(Metadata meta) {
        K8sService service = meta.service();
        Map<String, String> labels = meta.selector();
        labels.putAll(meta.opta());
        labels.putAll(meta.datadog());
        labels.putAll(meta.podLabels());
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(PodTemplates.podAnnotations(service))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(meta.names().serviceAccount())
                .withContainers(PodTemplates.serviceContainer(meta))
                .withTolerations(PodTemplates.tolerations(service))
                .endSpec()
                .build();
    }

    private static List<PersistentVolumeClaim> volumeClaims(K8sService service) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (int i = 0; i < service.persistentStorage().size(); i++) {
            // No apiVersion/kind (the builder's defaults): Opta's claims had none and the field is immutable.
            claims.add(new PersistentVolumeClaimBuilder()
                    .withApiVersion(null)
                    .withKind(null)
                    .withNewMetadata().withName(PodTemplates.volumeClaimName(i)).endMetadata()
                    .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources()
                    .addToRequests("storage", new Quantity(service.persistentStorage().get(i).sizeGi() + "Gi"))
                    .endResources()
                    .endSpec()
                    .build());
        }
        return claims;
    }
}
