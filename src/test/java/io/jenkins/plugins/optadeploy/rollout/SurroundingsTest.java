package io.jenkins.plugins.optadeploy.rollout;

import static io.jenkins.plugins.optadeploy.testing.Workloads.deployment;
import static io.jenkins.plugins.optadeploy.testing.Workloads.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The objects around a rolled-out workload are judged, as warnings, against the CRUD mock and the simulator. */
class SurroundingsTest extends SimulatedClusterTest {

    RolloutOutcome deploy() throws Exception {
        Deployment applied = client.apps().deployments().inNamespace(NS)
                .resource(Surrounding.owned(deployment(NS, "web", "localhost:5000/shop/web:1", 2, null))).create();
        RolloutOutcome outcome = new RolloutGate(RolloutGateTest.FAST).await(client, target(applied,
                Duration.ofSeconds(15)), null).get(20, TimeUnit.SECONDS);
        assertThat(outcome.succeeded()).as(String.valueOf(outcome.diagnosis())).isTrue();
        return outcome;
    }

    @Test
    void aServiceWhoseEndpointsListTheReadyPodsGivesNoWarning() throws Exception {
        client.services().inNamespace(NS).resource(Surrounding.service(NS, "web", Map.of("app", "web"))).create();

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).isEmpty();
        assertThat(client.discovery().v1().endpointSlices().inNamespace(NS).withName("web-sim").get().getEndpoints())
                .hasSize(2).allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
    }

    @Test
    void aServiceWithoutReadyEndpointsWarnsOnceItHadTimeToSettle() throws Exception {
        simulator.stopEndpointSlices();
        client.services().inNamespace(NS).resource(Surrounding.service(NS, "web", Map.of("app", "web"))).create();

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).containsExactly("Service shop/web has no ready endpoints although it selects 2 "
                + "Ready new pods: its EndpointSlices list none (is the endpoint-slice controller running, do the pods "
                + "have an IP?)");
        assertThat(Duration.between(simulator.lastReadyWrittenAt("web"), outcome.completedAt()))
                .isGreaterThanOrEqualTo(Surroundings.SETTLE);
    }

    @Test
    void aServiceThatSelectsNoneOfTheNewPodsWarnsAtOnce() throws Exception {
        client.services().inNamespace(NS).resource(Surrounding.service(NS, "web", Map.of("app", "webb"))).create();

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).containsExactly("Service shop/web selects none of the 2 new pods of Deployment "
                + "shop/web (selector {app=webb}): it sends them no traffic");
        assertThat(Duration.between(simulator.lastReadyWrittenAt("web"), outcome.completedAt()))
                .isLessThan(Surroundings.SETTLE);
    }

    @Test
    void anIngressWithoutAnAddressWarnsAndOneWithAnAddressDoesNot() throws Exception {
        client.services().inNamespace(NS).resource(Surrounding.service(NS, "web", Map.of("app", "web"))).create();
        client.network().v1().ingresses().inNamespace(NS).resource(Surrounding.ingress(NS, "web", "web")).create();
        client.network().v1().ingresses().inNamespace(NS).resource(Surrounding.ingress(NS, "web-public", "web"))
                .create();
        client.network().v1().ingresses().inNamespace(NS).withName("web-public").editStatus(Surrounding::addressed);

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).containsExactly("Ingress shop/web has no load-balancer address yet: is an "
                + "ingress controller running for class nginx?");
    }

    @Test
    void anAutoscalerThatCannotReadMetricsWarns() throws Exception {
        var hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS);
        hpas.resource(Surrounding.autoscaler(NS, "web")).create();
        hpas.withName("web").editStatus(Surrounding::withoutMetrics);
        hpas.resource(Surrounding.autoscaler(NS, "other")).create();
        hpas.withName("other").editStatus(Surrounding::withoutMetrics);

        RolloutOutcome outcome = deploy();

        assertThat(outcome.warnings()).containsExactly("HorizontalPodAutoscaler shop/web " + Surrounding.NO_METRICS_WARNING);
    }
}
