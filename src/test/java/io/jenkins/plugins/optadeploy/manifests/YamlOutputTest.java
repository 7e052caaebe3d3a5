package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlOutputTest {

    private static Manifests everything() {
        return new ManifestRenderer().render(Specs.minimal().withPersistentStorage(3, "/data").withStickySession(60)
                .withEnv("NUMBER", "0.05").withEnv("BOOLEAN", "yes").withEnv("OCTAL", "0o17").withEnv("NULL", "null")
                .withEnv("COLON", "a: b").withEnv("MULTI", "line one\nline two").withPodAnnotation("long", "x".repeat(300))
                .withCronJob("*/5 * * * *", List.of("run"), List.of("--now")).build(), Contexts.auto("hello", "hello"));
    }

    @Test
    void sameInputSameBytes() {
        assertThat(everything().toYaml()).isEqualTo(everything().toYaml());
    }

    @Test
    void everyDocumentReadsBackAsTheObjectRendered() {
        Manifests manifests = everything();
        String yaml = manifests.toYaml();
        assertThat(yaml).startsWith("---\n").endsWith("\n").doesNotContain("\r").doesNotContain("\t");
        // as trees, so that a string that YAML would read as a number or boolean shows up as a difference
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<Object> parsed = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\n")) {
            if (!document.isBlank()) {
                parsed.add(serialization.unmarshal(document, Map.class));
            }
        }
        List<Object> rendered = new ArrayList<>();
        for (HasMetadata object : manifests.objects()) {
            rendered.add(serialization.convertValue(object, Map.class));
        }
        assertThat(parsed).isEqualTo(rendered);
    }

    @Test
    void stringsThatLookLikeOtherTypesStayStrings() {
        String yaml = everything().toYaml();
        assertThat(yaml).contains("value: '0.05'").contains("value: 'yes'").contains("value: 'null'")
                .contains("config.linkerd.io/proxy-cpu-request: '0.05'").contains("cluster-autoscaler.kubernetes.io/safe-to-evict: 'true'");
        assertThat(yaml).contains("long: " + "x".repeat(300) + "\n");
    }
}
