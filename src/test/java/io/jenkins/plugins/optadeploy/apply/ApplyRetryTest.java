package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.MockCluster.Fault;
import io.jenkins.plugins.optadeploy.testing.MockCluster.RequestMatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jenkins.plugins.optadeploy.apply.TestObjects.deployment;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.request;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ApplyRetryTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(20));

    private MockCluster cluster;
    private KubernetesClient client;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Applier applier;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        client = cluster.client();
        applier = new Applier(client, log::add, FAST);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private long deploymentApplies() {
        return cluster.applyCount(p -> p.contains("/deployments/web"));
    }

    @Test
    void retriesServerErrorsUntilTheApplySucceeds() throws Exception {
        cluster.failNext(2, RequestMatcher.applyTo("/deployments/web"), Fault.status(500));

        ApplyOutcome outcome = applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service())));

        assertThat(outcome.result().created()).hasSize(2);
        assertThat(deploymentApplies()).isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get()).isNotNull();
        assertThat(log).filteredOn(l -> l.startsWith("retrying applying Deployment/web")).hasSize(2)
                .first().asString().contains("HTTP 500").contains("attempt 2 of 4");
    }

    @Test
    void honoursRetryAfterOnTooManyRequests() throws Exception {
        cluster.failNext(1, RequestMatcher.applyTo("/deployments/web"), Fault.tooManyRequests(1));

        applier.apply(request("shop", List.of(deployment("app:1", "web", 1))));

        assertThat(deploymentApplies()).isEqualTo(2);
        assertThat(log).anyMatch(l -> l.startsWith("retrying applying Deployment/web in 1000 ms after HTTP 429"));
    }

    @Test
    void retriesADroppedConnection() throws Exception {
        cluster.failNext(1, RequestMatcher.applyTo("/services/web"), Fault.dropConnection());

        applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service())));

        assertThat(cluster.applyCount(p -> p.contains("/services/web"))).isEqualTo(2);
        assertThat(client.services().inNamespace("shop").withName("web").get()).isNotNull();
        assertThat(log).anyMatch(l -> l.startsWith("retrying applying Service/web") && l.contains("broken connection"));
    }

    @Test
    void failsClearlyWhenRetriesRunOutAndKeepsWhatWasDoneForRollback() {
        cluster.failNext(10, RequestMatcher.applyTo("/services/web"), Fault.status(503));

        ApplyException failure = catchThrowableOfType(ApplyException.class,
                () -> applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service()))));

        assertThat(failure).hasMessageContaining("Could not apply Service/web in namespace shop")
                .hasMessageContaining("gave up applying Service/web after 4 attempts")
                .hasMessageContaining("HTTP 503");
        assertThat(cluster.applyCount(p -> p.contains("/services/web"))).isEqualTo(4);
        assertThat(client.services().inNamespace("shop").withName("web").get()).isNull();
        assertThat(failure.partial().result().created()).extracting(ObjectRef::toString)
                .containsExactly("Deployment/web");

        RollbackResult rollback = applier.rollback(failure.partial().snapshot(), failure.partial().result());
        assertThat(rollback.actions()).extracting(Object::toString).containsExactly("deleted Deployment/web");
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get()).isNull();
    }

    @Test
    void anObjectWhoseAnswerWasLostIsIncludedInTheRollback() {
        cluster.failNext(10, RequestMatcher.applyTo("/services/web"), Fault.dropConnection());

        ApplyException failure = catchThrowableOfType(ApplyException.class,
                () -> applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service()))));

        assertThat(failure).hasMessageContaining("broken connection");
        assertThat(failure.partial().result().created()).extracting(ObjectRef::toString)
                .containsExactly("Deployment/web", "Service/web");
    }

    @Test
    void aNamespaceScopedCredentialStillDeploys() throws Exception {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("shop").endMetadata().build()).create();
        // exactly the namespace: its objects' reads (/api/v1/namespaces/shop/...) run at once and must not take the 403
        cluster.failNext(1, RequestMatcher.exactly("GET", "/api/v1/namespaces/shop"), Fault.status(403));
        cluster.failNext(1, RequestMatcher.of("GET", "/cronjobs?"), Fault.status(403));

        ApplyOutcome outcome = applier.apply(request("shop", List.of(deployment("app:1", "web", 1))));

        assertThat(outcome.result().created()).extracting(ObjectRef::toString).containsExactly("Deployment/web");
        assertThat(log).contains("not allowed to read namespace shop (HTTP 403); assuming it exists",
                "cannot list CronJob objects in shop (HTTP 403); those are not checked for pruning");
    }

    @Test
    void doesNotRetryARefusal() {
        cluster.failNext(1, RequestMatcher.applyTo("/deployments/web"), Fault.status(403));

        ApplyException failure = catchThrowableOfType(ApplyException.class,
                () -> applier.apply(request("shop", List.of(deployment("app:1", "web", 1)))));

        assertThat(failure).hasMessageContaining("Not allowed to apply Deployment/web in namespace shop");
        assertThat(deploymentApplies()).isEqualTo(1);
    }
}
