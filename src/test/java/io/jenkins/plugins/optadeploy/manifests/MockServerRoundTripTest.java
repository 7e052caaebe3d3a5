package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rendered object goes through fabric8's mock API server in CRUD mode on 127.0.0.1: created from the rendered
 * YAML (as {@code kubectl apply -f} would read it) and read back with the same labels, annotations and spec. The mock
 * does no schema validation or admission, so this proves the wire format and the client's routing of every kind
 * (core, apps, autoscaling/v2, networking/v1, batch/v1), not the API server's acceptance rules.
 */
class MockServerRoundTripTest {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void deploymentVariantRoundTrips() {
        roundTrip(new ManifestRenderer().render(Specs.minimal().withPublicUris("/hello", "api.example.com/")
                .withEnv("A", "1").withCronJob("*/5 * * * *", List.of("run"), List.of("--now")).build(),
                Contexts.auto("hello", "hello")));
    }

    @Test
    void statefulSetVariantRoundTrips() {
        roundTrip(new ManifestRenderer().render(Specs.minimal().withLayer("data").withModule("store")
                .withPersistentStorage(20, "/data").withStickySession(600).build(), Contexts.auto("data", "store")));
    }

    private void roundTrip(Manifests manifests) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> fromYaml = client.load(new ByteArrayInputStream(manifests.toYaml().getBytes(StandardCharsets.UTF_8))).items();
        assertThat(fromYaml).hasSameSizeAs(manifests.objects());

        for (HasMetadata object : fromYaml) {
            HasMetadata created = client.resource(object).create();
            assertThat(created.getMetadata().getUid()).as("%s accepted", object.getFullResourceName()).isNotNull();
        }
        for (HasMetadata expected : manifests.objects()) {
            HasMetadata stored = client.resource(expected).get();
            assertThat(stored).as("%s %s stored", expected.getKind(), expected.getMetadata().getName()).isNotNull();
            assertThat(stored.getApiVersion()).isEqualTo(expected.getApiVersion());
            assertThat(stored.getMetadata().getLabels()).isEqualTo(expected.getMetadata().getLabels());
            assertThat(stored.getMetadata().getAnnotations()).isEqualTo(expected.getMetadata().getAnnotations());
            assertThat(spec(serialization, stored)).as("%s spec", expected.getKind()).isEqualTo(spec(serialization, expected));
        }
        HasMetadata workload = manifests.workload();
        String namespace = manifests.namespace();
        if (workload instanceof Deployment) {
            assertThat(client.apps().deployments().inNamespace(namespace).withLabel(Labels.OWNER, manifests.ownerLabelValue()).list().getItems())
                    .hasSize(1);
        } else if (workload instanceof StatefulSet) {
            assertThat(client.apps().statefulSets().inNamespace(namespace).withLabel(Labels.OWNER, manifests.ownerLabelValue()).list().getItems())
                    .hasSize(1);
        }
        assertThat(client.network().v1().ingresses().inNamespace(namespace).withLabel(Labels.OWNER, manifests.ownerLabelValue()).list().getItems())
                .hasSameSizeAs(manifests.ingresses());
        assertThat(client.namespaces().withLabel(Labels.OWNER).list().getItems()).isEmpty();
    }

    /**
     * The spec as a tree. fabric8's PersistentVolumeClaim constructor fills in apiVersion and kind when it reads the
     * stored StatefulSet back; the renderer leaves them out of claim templates on purpose, so they are not compared.
     */
    @SuppressWarnings("unchecked")
    private static Object spec(KubernetesSerialization serialization, HasMetadata object) {
        Map<String, Object> spec = (Map<String, Object>) serialization.convertValue(object, Map.class).get("spec");
        Object claims = spec == null ? null : spec.get("volumeClaimTemplates");
        if (claims instanceof List<?> list) {
            for (Object claim : list) {
                ((Map<String, Object>) claim).keySet().removeAll(List.of("apiVersion", "kind"));
            }
        }
        return spec;
    }
}
