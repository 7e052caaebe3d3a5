package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jenkins.plugins.optadeploy.apply.TestObjects.deployment;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.ingress;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.request;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.secret;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

class DryRunTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private Applier applier;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        client = cluster.client();
        applier = new Applier(client, ApplyListener.SILENT);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private String liveImage() {
        return client.apps().deployments().inNamespace("shop").withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void showsWhatWouldChangeAndAppliesNothing() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 2), service(), ingress("web.example.com"),
                secret("old-password"))));
        long writesBefore = cluster.requests().stream().filter(r -> !r.method().equals("GET")).count();

        DryRunResult result = applier.dryRun(request("shop", List.of(deployment("app:2", "web", 2), service(),
                secret("new-password"))));

        assertThat(result.serverSide()).isTrue();
        assertThat(result.namespaceWouldBeCreated()).isFalse();
        assertThat(result.objects()).extracting(o -> o.ref() + " " + o.change())
                .containsExactly("Deployment/web UPDATE", "Service/web UNCHANGED", "Secret/web-secrets UPDATE",
                        "Ingress/web PRUNE");
        String deploymentDiff = result.objects().get(0).diff();
        assertThat(deploymentDiff).contains("--- live/Deployment/web", "+++ desired/Deployment/web",
                "-      - image: \"app:1\"", "+      - image: \"app:2\"");
        assertThat(deploymentDiff).doesNotContain("resourceVersion", "generation", "uid", "creationTimestamp");
        assertThat(result.objects().get(1).diff()).isEmpty();
        assertThat(result.render()).doesNotContain("old-password", "new-password")
                .contains("DB_PASSWORD: \"<hidden, changed>\"");

        assertThat(liveImage()).isEqualTo("app:1");
        assertThat(client.network().v1().ingresses().inNamespace("shop").withName("web").get()).isNotNull();
        assertThat(cluster.requests().stream().filter(r -> !r.method().equals("GET")).skip(writesBefore))
                .isNotEmpty()
                .allMatch(r -> r.isApply() && r.path().contains("dryRun=All"), "every write is a dry run");
    }

    @Test
    void aNewNamespaceIsComparedOnTheClientSideAndNotCreated() {
        DryRunResult result = applier.dryRun(request("fresh", List.of(deployment("app:1", "web", 1))));

        assertThat(result.namespaceWouldBeCreated()).isTrue();
        assertThat(result.objects()).singleElement().satisfies(o -> {
            assertThat(o.change()).isEqualTo(DryRunResult.Change.CREATE);
            assertThat(o.diff()).contains("+      - image: \"app:1\"");
        });
        assertThat(client.namespaces().withName("fresh").get()).isNull();
        assertThat(cluster.requests()).allMatch(r -> r.method().equals("GET"));
    }

    @Test
    void fallsBackToAClientSideComparisonWhenTheServerHasNoDryRunApply() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 1))));
        cluster.failNext(1, MockCluster.RequestMatcher.of("PATCH", "dryRun=All"), MockCluster.Fault.status(415));

        DryRunResult result = applier.dryRun(request("shop", List.of(deployment("app:2", "web", 1))));

        assertThat(result.serverSide()).isFalse();
        assertThat(result.objects().get(0).diff()).contains("-      - image: \"app:1\"", "+      - image: \"app:2\"");
        assertThat(liveImage()).isEqualTo("app:1");
    }

    @Test
    void aConflictIsReportedAsRefusedWithTheWayOut() throws Exception {
        applier.apply(request("shop", List.of(deployment("app:1", "web", 1))));
        var edited = deployment("app:1", "web", 1);
        edited.getMetadata().setNamespace("shop");
        edited.getSpec().setMinReadySeconds(30);
        client.resource(edited).fieldManager("kubectl").serverSideApply();
        var ours = deployment("app:1", "web", 1);
        ours.getSpec().setMinReadySeconds(5);

        DryRunResult result = applier.dryRun(request("shop", List.of(ours)));

        assertThat(result.objects()).singleElement().satisfies(o -> {
            assertThat(o.change()).isEqualTo(DryRunResult.Change.REFUSED);
            assertThat(o.message()).contains(".spec.minReadySeconds", "kubectl", "forceConflicts: true");
        });
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get().getSpec().getMinReadySeconds())
                .isEqualTo(30);
    }
}
