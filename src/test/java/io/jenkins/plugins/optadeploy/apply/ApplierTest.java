package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jenkins.plugins.optadeploy.apply.TestObjects.deployment;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.hpa;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.ingress;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.request;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplierTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Applier applier;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        client = cluster.client();
        applier = new Applier(client, log::add);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Deployment liveDeployment(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName("web").get();
    }

    @Test
    void createsTheNamespaceAndObjectsThenUpdates() throws Exception {
        ApplyOutcome first = applier.apply(request("shop", List.of(deployment("app:1", "web", 2), service())));

        assertThat(first.result().namespaceCreated()).isTrue();
        assertThat(first.result().created()).extracting(ObjectRef::toString)
                .containsExactly("Deployment/web", "Service/web");
        assertThat(first.result().workloadGeneration()).contains(1L);
        assertThat(first.snapshot().namespaceExisted()).isFalse();
        assertThat(client.namespaces().withName("shop").get()).isNotNull();
        assertThat(liveDeployment("shop").getMetadata().getLabels()).containsEntry("opta.dev/service", "web");
        assertThat(cluster.applyCount(p -> p.contains("fieldManager=opta-deploy"))).isEqualTo(2);

        ApplyOutcome second = applier.apply(request("shop", List.of(deployment("app:2", "web", 2), service())));

        assertThat(second.result().namespaceCreated()).isFalse();
        assertThat(second.result().updated()).extracting(ObjectRef::toString)
                .containsExactly("Deployment/web", "Service/web");
        assertThat(second.result().workloadGeneration()).contains(2L);
        assertThat(liveDeployment("shop").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("app:2");
        assertThat(log).contains("applied Deployment/web (created)", "applied Deployment/web (updated)");
    }

    @Test
    void neverSendsReplicasForAWorkloadAnHpaScales() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", null), hpa())));
        Deployment scaled = liveDeployment("shop");
        scaled.getSpec().setReplicas(4); // what the HPA controller does
        client.resource(scaled).update();

        applier.apply(request("shop", List.of(deployment("app:2", "web", 3), hpa())));

        assertThat(liveDeployment("shop").getSpec().getReplicas()).isEqualTo(4);
        assertThat(log).contains("left spec.replicas of Deployment/web to its HorizontalPodAutoscaler");
    }

    @Test
    void prunesAnIngressRemovedFromTheSpecAndNothingElse() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                .addToLabels(TestObjects.OWNER_KEY, TestObjects.OWNER).endMetadata().build()).create();
        Ingress othersIngress = ingress("other.example.com");
        othersIngress.getMetadata().setName("other");
        othersIngress.getMetadata().getLabels().put(TestObjects.OWNER_KEY, "other-service");
        client.resource(othersIngress).inNamespace("shop").create();
        applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service(), ingress("web.example.com"))));

        ApplyOutcome outcome = applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service())));

        assertThat(outcome.result().pruned()).extracting(ObjectRef::toString).containsExactly("Ingress/web");
        assertThat(client.network().v1().ingresses().inNamespace("shop").withName("web").get()).isNull();
        assertThat(client.network().v1().ingresses().inNamespace("shop").withName("other").get()).isNotNull();
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get()).isNotNull();
        assertThat(log).contains("pruned Ingress/web (no longer in the spec)");
    }

    @Test
    void neverPrunesOrDeletesTheNamespace() throws Exception {
        HasMetadata namespace = new NamespaceBuilder().withNewMetadata().withName("shop")
                .addToLabels(TestObjects.OWNER_KEY, TestObjects.OWNER).endMetadata().build();
        ApplyOutcome outcome = applier.apply(request("shop", List.of(namespace, service())));
        applier.apply(request("shop", List.of()));

        assertThat(client.namespaces().withName("shop").get().getMetadata().getLabels())
                .as("created from the rendered Namespace").containsEntry(TestObjects.OWNER_KEY, TestObjects.OWNER);
        assertThat(client.services().inNamespace("shop").withName("web").get()).isNull();

        RollbackResult rollback = applier.rollback(outcome.snapshot(), outcome.result());
        assertThat(client.namespaces().withName("shop").get()).isNotNull();
        assertThat(rollback.notes()).anyMatch(n -> n.contains("namespace shop was created by this deploy and is kept"));
        assertThat(cluster.count("DELETE", p -> p.contains("/namespaces/shop") && !p.contains("/namespaces/shop/")))
                .isZero();
    }

    @Test
    void reportsAFieldConflictWithTheWayOutAndForcesOnlyWhenAllowed() throws Exception {
        Deployment edited = deployment("app:1", "web", 1);
        edited.getSpec().setRevisionHistoryLimit(5);
        edited.getMetadata().setNamespace("shop");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                .create();
        client.resource(edited).fieldManager("kubectl").serverSideApply();

        Deployment ours = deployment("app:1", "web", 1);
        ours.getSpec().setRevisionHistoryLimit(10);
        assertThatThrownBy(() -> applier.apply(request("shop", List.of(ours))))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("Deployment/web")
                .hasMessageContaining(".spec.revisionHistoryLimit")
                .hasMessageContaining("kubectl")
                .hasMessageContaining("forceConflicts: true");
        assertThat(liveDeployment("shop").getSpec().getRevisionHistoryLimit()).isEqualTo(5);

        applier.apply(new ApplyRequest("shop", List.of(ours), TestObjects.OWNER_KEY, TestObjects.OWNER, true));

        assertThat(liveDeployment("shop").getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(cluster.applyCount(p -> p.contains("force=true") && p.contains("fieldManager=opta-deploy")))
                .isEqualTo(1);
    }

    @Test
    void reportsAnImmutableSelectorChangeWithTheWayOut() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 1))));

        assertThatThrownBy(() -> applier.apply(request("shop", List.of(deployment("app:2", "web-v2", 1)))))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("Cannot update Deployment/web in namespace shop")
                .hasMessageContaining("spec.selector is immutable")
                .hasMessageContaining("keep the labels the previous deploy used")
                .hasMessageContaining("kubectl delete deployment web -n shop");
        assertThat(liveDeployment("shop").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("app:1");
    }

    @Test
    void rollbackAfterAnUpdateRestoresThePreviousSpecAndDeletesWhatTheDeployCreated() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 2), service())));
        Deployment v2 = deployment("app:2", "web", 2);
        v2.getMetadata().getAnnotations(); // renderer-added annotations are removed on rollback
        v2.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of("opta.dev/image-digest", "sha256:2")));
        ApplyOutcome failed = applier.apply(request("shop", List.of(v2, service(), ingress("web.example.com"))));
        assertThat(liveDeployment("shop").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("app:2");

        RollbackResult rollback = applier.rollback(failed.snapshot(), failed.result());

        assertThat(rollback.complete()).isTrue();
        assertThat(rollback.actions()).extracting(Object::toString)
                .containsExactly("deleted Ingress/web", "restored Service/web", "restored Deployment/web");
        Deployment restored = liveDeployment("shop");
        assertThat(restored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("app:1");
        assertThat(restored.getMetadata().getAnnotations()).doesNotContainKey("opta.dev/image-digest");
        assertThat(restored.getMetadata().getGeneration()).isEqualTo(3L);
        assertThat(client.network().v1().ingresses().inNamespace("shop").withName("web").get()).isNull();
    }

    @Test
    void theOutcomeSurvivesSerializationAndStillRollsBack() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 1))));
        ApplyOutcome outcome = applier.apply(request("shop", List.of(deployment("app:2", "web", 1), service())));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(outcome);
        }
        ApplyOutcome restored;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (ApplyOutcome) in.readObject();
        }

        applier.rollback(restored.snapshot(), restored.result());

        assertThat(restored.result().workloadGeneration()).contains(2L);
        assertThat(liveDeployment("shop").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("app:1");
        assertThat(client.services().inNamespace("shop").withName("web").get()).isNull();
    }

    @Test
    void rollbackRecreatesWhatTheDeployPruned() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 1), ingress("web.example.com"))));
        ApplyOutcome failed = applier.apply(request("shop", List.of(deployment("app:2", "web", 1))));
        assertThat(client.network().v1().ingresses().inNamespace("shop").withName("web").get()).isNull();

        RollbackResult rollback = applier.rollback(failed.snapshot(), failed.result());

        assertThat(rollback.actions()).extracting(Object::toString).contains("recreated Ingress/web");
        Ingress back = client.network().v1().ingresses().inNamespace("shop").withName("web").get();
        assertThat(back.getSpec().getRules().get(0).getHost()).isEqualTo("web.example.com");
    }

    @Test
    void firstInstallRollbackRemovesEverythingItCreatedButKeepsAnExistingNamespace() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                .create();
        ApplyOutcome failed = applier.apply(request("shop",
                List.of(TestObjects.secret("s3cret-value"), deployment("app:1", "web", 1), service(), hpa())));

        RollbackResult rollback = applier.rollback(failed.snapshot(), failed.result());

        assertThat(rollback.actions()).extracting(a -> a.kind()).containsOnly(RollbackResult.Kind.DELETED);
        assertThat(rollback.actions()).hasSize(4);
        assertThat(rollback.notes()).isEmpty();
        assertThat(client.namespaces().withName("shop").get()).isNotNull();
        for (Class<? extends HasMetadata> kind : PrunableKinds.KINDS) {
            assertThat(client.resources(kind).inNamespace("shop").list().getItems()).as(kind.getSimpleName()).isEmpty();
        }
        assertThat(String.join("\n", log)).doesNotContain("s3cret-value");
        assertThat(failed.snapshot().toString()).doesNotContain("s3cret-value");
    }

    @Test
    void aRollbackOnAnInterruptedThreadStillRollsBackAndKeepsTheInterrupt() throws Exception {
        ApplyOutcome failed = applier.apply(request("shop", List.of(deployment("app:1", "web", 1), service())));

        Thread.currentThread().interrupt();
        RollbackResult rollback;
        try {
            rollback = applier.rollback(failed.snapshot(), failed.result());
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }

        assertThat(rollback.failures()).isEmpty();
        assertThat(rollback.actions()).extracting(Object::toString)
                .containsExactlyInAnyOrder("deleted Service/web", "deleted Deployment/web");
        assertThat(liveDeployment("shop")).isNull();
    }

    @Test
    void aCallBrokenByAnInterruptIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = new Retrier(RetryPolicy.DEFAULT, log::add);
        try {
            assertThatThrownBy(() -> retrier.call("reading Deployment/web", () -> {
                attempts.incrementAndGet();
                Thread.currentThread().interrupt(); // as fabric8 leaves it after an interrupted request
                throw new KubernetesClientException("interrupted", new java.io.InterruptedIOException());
            })).isInstanceOf(KubernetesClientException.class).hasMessage("interrupted");
        } finally {
            Thread.interrupted();
        }
        assertThat(attempts).hasValue(1);
        assertThat(log).isEmpty();
    }
}
