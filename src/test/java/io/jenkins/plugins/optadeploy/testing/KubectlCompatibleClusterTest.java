package io.jenkins.plugins.optadeploy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl itself against the front over {@link MockCluster}: discovery, reads, server-side apply and HTTP watches. */
class KubectlCompatibleClusterTest {
    @TempDir
    Path temp;

    private MockCluster mock;
    private KubernetesClient client;
    private KubectlCompatibleCluster cluster;
    private Kubectl kubectl;

    @BeforeEach
    void start() throws Exception {
        var path = Kubectl.find();
        assumeTrue(path.isPresent(), "kubectl is not on PATH: skipping the kubectl compatibility checks");
        mock = MockCluster.start();
        client = mock.client();
        cluster = KubectlCompatibleCluster.inFrontOf(URI.create(mock.url()));
        kubectl = new Kubectl(path.get(), cluster.writeKubeconfig(temp), temp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
            mock.close();
        }
    }

    @Test
    void kubectlDiscoversTheKindsWeRenderAndReadsObjects() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();

        var resources = kubectl.run(Duration.ofSeconds(30), "api-resources", "-o", "name");
        var namespaces = kubectl.run(Duration.ofSeconds(30), "get", "namespaces", "-o", "name");

        assertThat(resources.exitCode()).as(resources.output()).isZero();
        assertThat(resources.stdout()).contains("deployments.apps", "horizontalpodautoscalers.autoscaling",
                "ingresses.networking.k8s.io", "cronjobs.batch", "leases.coordination.k8s.io", "serviceaccounts");
        assertThat(namespaces.exitCode()).as(namespaces.output()).isZero();
        assertThat(namespaces.stdout()).contains("namespace/shop");
    }

    @Test
    void serverSideApplyOfMultiDocumentYamlCreatesThenUpdates() throws Exception {
        Path yaml = temp.resolve("objects.yaml");
        Files.writeString(yaml, """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: shop
                data:
                  mode: blue
                """);

        var first = kubectl.run(Duration.ofSeconds(30), "apply", "--server-side", "--validate=false", "-f", yaml.toString());
        Files.writeString(yaml, Files.readString(yaml).replace("blue", "green"));
        var second = kubectl.run(Duration.ofSeconds(30), "apply", "--server-side", "--validate=false", "-f", yaml.toString());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.stdout()).contains("namespace/shop serverside-applied", "configmap/settings serverside-applied");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(client.configMaps().inNamespace("shop").withName("settings").get().getData()).containsEntry("mode", "green");
        assertThat(mock.applyCount(path -> path.contains("/configmaps/settings"))).isEqualTo(2);
    }

    @Test
    void rolloutStatusFollowsTheDeploymentOverAnHttpWatch() throws Exception {
        Deployment created = client.apps().deployments().inNamespace("shop").resource(deployment()).create();

        Process status = kubectl.start("-n", "shop", "rollout", "status", "deployment/web", "--timeout=30s");
        Thread.sleep(1500);
        assertThat(status.isAlive()).as("kubectl waits while the rollout is incomplete").isTrue();
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder(created)
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(created.getMetadata().getGeneration())
                        .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build())
                .build()).updateStatus();

        assertThat(status.waitFor(20, TimeUnit.SECONDS)).as("kubectl exits once the rollout completed").isTrue();
        String output = new String(status.getInputStream().readAllBytes());
        assertThat(status.exitValue()).as(output).isZero();
        assertThat(output).contains("deployment \"web\" successfully rolled out");
    }

    private static Deployment deployment() {
        Map<String, String> labels = Map.of("app", "web");
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
