package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.jenkins.plugins.optadeploy.spec.ReservedLabels;
import java.util.Map;

/** The objects a deploy puts around its workload, labelled as the manifests stage labels them, for the checks' tests. */
final class Surrounding {

    static final String OWNER = "shop.web";

    private Surrounding() {
    }

    static Deployment owned(Deployment deployment) {
        return new DeploymentBuilder(deployment).editMetadata().addToLabels(ReservedLabels.OWNER, OWNER).endMetadata()
                .build();
    }

    static Service service(String ns, String name, Map<String, String> selector) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(ReservedLabels.OWNER, OWNER).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withName("http").withPort(80).withNewTargetPort(8080)
                .endPort().endSpec().build();
    }

    static Ingress ingress(String ns, String name, String service) {
        return new IngressBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(ReservedLabels.OWNER, OWNER).endMetadata()
                .withNewSpec().withIngressClassName("nginx").addNewRule().withHost("web.example.test").withNewHttp()
                .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName(service)
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build();
    }

    /** The status an ingress controller writes once its load balancer has an address. */
    static Ingress addressed(Ingress ingress) {
        return new IngressBuilder(ingress).withNewStatus().withNewLoadBalancer().addNewIngress().withIp("203.0.113.7")
                .endIngress().endLoadBalancer().endStatus().build();
    }

    static HorizontalPodAutoscaler autoscaler(String ns, String deployment) {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(deployment).withNamespace(ns)
                .addToLabels(ReservedLabels.OWNER, OWNER).endMetadata()
                .withNewSpec().withMinReplicas(1).withMaxReplicas(3).withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName(deployment).endScaleTargetRef().addNewMetric().withType("Resource")
                .withNewResource().withName("cpu").withNewTarget().withType("Utilization").withAverageUtilization(80)
                .endTarget().endResource().endMetric().endSpec().build();
    }

    /** The status the HPA controller writes when no metrics server answers. */
    static HorizontalPodAutoscaler withoutMetrics(HorizontalPodAutoscaler hpa) {
        return new HorizontalPodAutoscalerBuilder(hpa).withNewStatus().withCurrentReplicas(1).withDesiredReplicas(1)
                .addNewCondition().withType("AbleToScale").withStatus("True").withReason("SucceededGetScale")
                .withMessage("the HPA controller was able to get the target's current scale").endCondition()
                .addNewCondition().withType("ScalingActive").withStatus("False").withReason("FailedGetResourceMetric")
                .withMessage("the HPA was unable to compute the replica count: failed to get cpu utilization: "
                        + "unable to get metrics for resource cpu: no metrics returned from resource metrics API")
                .endCondition().endStatus().build();
    }

    static final String NO_METRICS_WARNING = "cannot scale: ScalingActive=False (FailedGetResourceMetric): the HPA was "
            + "unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource "
            + "cpu: no metrics returned from resource metrics API";
}
