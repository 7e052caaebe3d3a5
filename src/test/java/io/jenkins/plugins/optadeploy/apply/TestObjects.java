package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

import java.util.List;
import java.util.Map;

/** Objects shaped like the renderer's output for a service "web". */
final class TestObjects {

    static final String OWNER_KEY = "opta.dev/service";
    static final String OWNER = "web";

    private TestObjects() {
    }

    static Deployment deployment(String image, String selector, Integer replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").addToLabels(OWNER_KEY, OWNER).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", selector).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Service service() {
        return new ServiceBuilder()
                .withNewMetadata().withName("web").addToLabels(OWNER_KEY, OWNER).endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec()
                .build();
    }

    static Ingress ingress(String host) {
        return new IngressBuilder()
                .withNewMetadata().withName("web").addToLabels(OWNER_KEY, OWNER).endMetadata()
                .withNewSpec().addNewRule().withHost(host).endRule().endSpec()
                .build();
    }

    static HorizontalPodAutoscaler hpa() {
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("web").addToLabels(OWNER_KEY, OWNER).endMetadata()
                .withNewSpec().withNewScaleTargetRef("apps/v1", "Deployment", "web")
                .withMinReplicas(2).withMaxReplicas(5).endSpec()
                .build();
    }

    static Secret secret(String value) {
        return new SecretBuilder()
                .withNewMetadata().withName("web-secrets").addToLabels(OWNER_KEY, OWNER).endMetadata()
                .withStringData(Map.of("DB_PASSWORD", value))
                .build();
    }

    static ApplyRequest request(String namespace, List<HasMetadata> objects) {
        return new ApplyRequest(namespace, objects, OWNER_KEY, OWNER, false);
    }
}
