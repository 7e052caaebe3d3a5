package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Rules that hold for every service shape, checked over generated layer/module names and feature combinations. */
class RenderingPropertiesTest {
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @Property(tries = 60)
    void everyServiceShapeRendersConsistently(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 30) String layerSeed,
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 25) String moduleSeed,
            @ForAll boolean stateful,
            @ForAll @IntRange(min = 0, max = 3) int cronJobs,
            @ForAll @IntRange(min = 0, max = 4) int maxContainers,
            @ForAll boolean hostUri) {
        String layer = "l" + layerSeed.toLowerCase() + (layerSeed.length() > 10 ? "-x" : "");
        String module = "m" + moduleSeed.toLowerCase();
        Specs specs = Specs.minimal().withLayer(layer).withModule(module)
                .withContainers(Math.min(1, maxContainers), maxContainers)
                .withPublicUris(hostUri ? "api.example.com/v1" : "/", "/" + module);
        if (stateful) {
            specs.withPersistentStorage(5, "/data");
        }
        for (int i = 0; i < cronJobs; i++) {
            specs.withCronJob("*/" + (i + 2) + " * * * *", List.of("job" + i), List.of());
        }
        Manifests manifests = new ManifestRenderer().render(specs.build(), Contexts.auto(layer, module));

        assertThat(manifests.toYaml()).isEqualTo(new ManifestRenderer().render(specs.build(), Contexts.auto(layer, module)).toYaml());
        assertThat(manifests.objects().get(0).getKind()).isEqualTo("Namespace");
        assertThat(manifests.owned()).containsExactlyElementsOf(manifests.objects().subList(1, manifests.objects().size()));
        assertThat(manifests.ownerLabelValue()).hasSizeLessThanOrEqualTo(63);
        for (HasMetadata object : manifests.objects()) {
            int limit = object.getKind().equals("CronJob") ? 52 : object.getKind().equals("Ingress") ? 253 : 63;
            assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(limit).matches(object.getKind().equals("Ingress")
                    ? "[a-z0-9]([-a-z0-9.]*[a-z0-9])?" : DNS_LABEL);
        }
        assertThat(manifests.cronJobs()).hasSize(cronJobs);
        assertThat(manifests.ingresses()).hasSize(2);

        HasMetadata workload = manifests.workload();
        if (maxContainers == 0) {
            assertThat(workload).isNull();
            assertThat(manifests.autoscaler()).isNull();
            return;
        }
        LabelSelector selector = workload instanceof StatefulSet set ? set.getSpec().getSelector() : ((Deployment) workload).getSpec().getSelector();
        PodTemplateSpec template = workload instanceof StatefulSet set ? set.getSpec().getTemplate() : ((Deployment) workload).getSpec().getTemplate();
        assertThat(workload.getKind()).isEqualTo(stateful ? "StatefulSet" : "Deployment");
        assertThat(manifests.service().getSpec().getSelector()).isEqualTo(selector.getMatchLabels());
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector.getMatchLabels());
        assertThat(manifests.autoscaler().getSpec().getScaleTargetRef().getName()).isEqualTo(workload.getMetadata().getName());
        assertThat(manifests.cronJobs()).allSatisfy(job -> assertThat(job.getSpec().getJobTemplate().getSpec().getTemplate()
                .getMetadata().getLabels()).doesNotContainEntry(Labels.INSTANCE, selector.getMatchLabels().get(Labels.INSTANCE)));
    }
}
