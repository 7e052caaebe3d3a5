package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipAndTraceabilityTest {
    private static Specs everything() {
        return Specs.minimal().withCronJob("0 * * * *", List.of("run"), List.of())
                .withPublicUris("/a", "b.example.com/");
    }

    @Test
    void everyObjectButTheNamespaceIsOwnedAndTraceable() {
        Manifests manifests = new ManifestRenderer().render(everything().build(), Contexts.auto("hello", "hello"));
        assertThat(manifests.ownerLabelValue()).isEqualTo("hello.hello");
        List<HasMetadata> owned = manifests.objects().subList(1, manifests.objects().size());
        assertThat(manifests.owned()).containsExactlyElementsOf(owned);
        assertThat(owned).hasSize(7).allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry(Labels.OWNER, "hello.hello")
                    .containsEntry(Labels.MANAGED_BY, "opta-deploy")
                    .containsEntry(Labels.NAME, "k8s-service")
                    .containsEntry(Labels.INSTANCE, "hello-hello")
                    .containsEntry(Labels.OPTA_LAYER, "hello")
                    .containsEntry(Labels.OPTA_ENVIRONMENT, "local")
                    .doesNotContainKey("helm.sh/chart");
            assertThat(object.getMetadata().getAnnotations())
                    .containsEntry(Labels.BUILD_URL, "https://jenkins.example.com/job/hello/42/")
                    .containsEntry(Labels.BUILD_TAG, "jenkins-hello-42")
                    .containsEntry(Labels.SPEC_SHA256, everything().build().sourceSha256())
                    .containsEntry(Labels.IMAGE_DIGEST, Contexts.DIGEST)
                    .containsEntry(Labels.DEPLOYED_BY, "opta-deploy/0.1.0");
        });
    }

    @Test
    void theNamespaceCanNeverBePruned() {
        Namespace namespace = new ManifestRenderer().render(everything().build(), Contexts.auto("hello", "hello")).namespaceObject();
        assertThat(namespace.getMetadata().getName()).isEqualTo("hello");
        assertThat(namespace.getMetadata().getLabels()).doesNotContainKey(Labels.OWNER)
                .containsEntry(Labels.MANAGED_BY, "opta-deploy").containsEntry(Labels.OPTA_LAYER, "hello");
        assertThat(namespace.getMetadata().getAnnotations()).containsOnlyKeys("linkerd.io/inject");
    }

    @Test
    void absentContextValuesAreSkipped() {
        Manifests manifests = new ManifestRenderer().render(everything().withSourceSha256(null).build(),
                Contexts.external("nginx:1.27"));
        assertThat(manifests.owned()).allSatisfy(object -> assertThat(object.getMetadata().getAnnotations())
                .doesNotContainKeys(Labels.BUILD_URL, Labels.BUILD_TAG, Labels.SPEC_SHA256, Labels.IMAGE_DIGEST)
                .containsEntry(Labels.DEPLOYED_BY, "opta-deploy/0.1.0"));
        assertThat(((Deployment) manifests.workload()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.27");
    }

    @Test
    void aNewBuildOfTheSameImageLeavesThePodTemplateAlone() {
        Manifests first = new ManifestRenderer().render(everything().build(), Contexts.auto("hello", "hello"));
        RenderContext other = new RenderContext(Contexts.auto("hello", "hello").imageReference(), Contexts.DIGEST,
                "localhost:5000/hello/hello", "https://jenkins.example.com/job/hello/43/", "jenkins-hello-43", "opta-deploy/0.2.0");
        Manifests second = new ManifestRenderer().render(everything().withSourceSha256("ff".repeat(32)).build(), other);
        assertThat(((Deployment) second.workload()).getSpec().getTemplate())
                .isEqualTo(((Deployment) first.workload()).getSpec().getTemplate());
        assertThat(second.cronJobs().get(0).getSpec()).isEqualTo(first.cronJobs().get(0).getSpec());
    }

    @Test
    void secretsAreReferencedNeverRendered() {
        Manifests manifests = new ManifestRenderer().render(everything().withSecret("FAKE_SECRET")
                .withLink("database", java.util.Map.of("db_password", "POSTGRES_PASSWORD"))
                .withEnv("PUBLIC", "value").build(), Contexts.auto("hello", "hello"));
        assertThat(manifests.objects()).extracting(HasMetadata::getKind).doesNotContain("Secret", "ConfigMap");
        String yaml = manifests.toYaml();
        assertThat(yaml).doesNotContain("FAKE_SECRET").doesNotContain("POSTGRES_PASSWORD").doesNotContain("secretKeyRef")
                .doesNotContainPattern("(?m)^\\s*(data|stringData):");
        assertThat(yaml).contains("name: manual-secrets\n").contains("optional: true");
    }
}
