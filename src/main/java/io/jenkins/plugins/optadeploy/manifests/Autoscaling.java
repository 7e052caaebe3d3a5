package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import java.util.ArrayList;
import java.util.List;

/**
 * autoscaling/v2: Opta rendered autoscaling/v2beta1, which Kubernetes 1.25 no longer serves. A target of 0 omits its
 * metric; with both omitted Kubernetes applies its default of 80 % CPU, as it did for Opta.
 */
final class Autoscaling {
    private Autoscaling() {}

    static HorizontalPodAutoscaler hpa(Metadata meta) {
        K8sService service = meta.service();
        Names names = meta.names();
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta.object(names.fullname(), meta.common()))
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind(service.stateful() ? "StatefulSet" : "Deployment")
                .withName(names.fullname())
                .endScaleTargetRef()
                .withMinReplicas(service.scaling().minContainers())
                .withMaxReplicas(service.scaling().maxContainers())
                .withMetrics(metrics(service))
                .endSpec()
                .build();
    }

    private static List<MetricSpec> metrics(K8sService service) {
        List<MetricSpec> metrics = new ArrayList<>();
        addUtilization(metrics, "cpu", service.scaling().targetCpuPercent());
        addUtilization(metrics, "memory", service.scaling().targetMemoryPercent());
        return metrics.isEmpty() ? null : metrics;
    }

    private static void addUtilization(List<MetricSpec> metrics, String resource, int percent) {
        if (percent <= 0) {
            return;
        }
        metrics.add(new MetricSpecBuilder()
                .withType("Resource")
                .withNewResource()
                .withName(resource)
                .withNewTarget().withType("Utilization").withAverageUtilization(percent).endTarget()
                .endResource()
                .build());
    }
}
