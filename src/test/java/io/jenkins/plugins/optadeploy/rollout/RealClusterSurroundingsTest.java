package io.jenkins.plugins.optadeploy.rollout;

import static io.jenkins.plugins.optadeploy.testing.Workloads.deployment;
import static io.jenkins.plugins.optadeploy.testing.Workloads.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.KubeletSimulator;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The objects around a rollout, judged on a real API server: the real Deployment and ReplicaSet controllers make the
 * pods, the simulated kubelet runs them and writes their EndpointSlices (the real control plane runs no endpoint-slice
 * controller, no ingress controller and no HPA controller; the HPA's status is written here as its controller would
 * write it without a metrics server).
 */
class RealClusterSurroundingsTest {

    private final RealControlPlane plane = RealControlPlane.shared();
    private final KubernetesClient admin = plane.admin();
    private String ns;
    private KubeletSimulator kubelet;

    @BeforeEach
    void start() {
        ns = "surroundings-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        plane.ensureNamespace(ns);
        kubelet = new KubeletSimulator(plane, ns);
    }

    @AfterEach
    void stop() {
        kubelet.close();
        admin.namespaces().withName(ns).delete();
    }

    private RolloutOutcome deploy() throws Exception {
        Deployment applied = admin.apps().deployments().inNamespace(ns)
                .resource(Surrounding.owned(deployment(ns, "web", "registry.example.test/web:1", 2, null))).create();
        RolloutOutcome outcome = new RolloutGate().await(admin, target(applied, Duration.ofSeconds(60)), null)
                .get(90, TimeUnit.SECONDS);
        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        return outcome;
    }

    @Test
    void aServiceOverTheReadyPodsPassesAndTheOthersWarn() throws Exception {
        admin.services().inNamespace(ns).resource(Surrounding.service(ns, "web", Map.of("app", "web"))).create();
        admin.services().inNamespace(ns).resource(Surrounding.service(ns, "web-old", Map.of("app", "web-v1"))).create();
        admin.network().v1().ingresses().inNamespace(ns).resource(Surrounding.ingress(ns, "web", "web")).create();
        var hpas = admin.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns);
        hpas.resource(Surrounding.autoscaler(ns, "web")).create();
        hpas.withName("web").editStatus(Surrounding::withoutMetrics);

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).containsExactlyInAnyOrder(
                "Service " + ns + "/web-old selects none of the 2 new pods of Deployment " + ns + "/web (selector "
                        + "{app=web-v1}): it sends them no traffic",
                "Ingress " + ns + "/web has no load-balancer address yet: is an ingress controller running for class "
                        + "nginx?",
                "HorizontalPodAutoscaler " + ns + "/web " + Surrounding.NO_METRICS_WARNING);
        assertThat(admin.discovery().v1().endpointSlices().inNamespace(ns).withName("web-sim").get().getEndpoints())
                .hasSize(2).allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
    }

    @Test
    void aServiceWhoseEndpointsNeverBecomeReadyWarnsAfterSettling() throws Exception {
        kubelet.stopEndpointSlices();
        admin.services().inNamespace(ns).resource(Surrounding.service(ns, "web", Map.of("app", "web"))).create();

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).containsExactly("Service " + ns + "/web has no ready endpoints although it "
                + "selects 2 Ready new pods: its EndpointSlices list none (is the endpoint-slice controller running, "
                + "do the pods have an IP?)");
    }
}
