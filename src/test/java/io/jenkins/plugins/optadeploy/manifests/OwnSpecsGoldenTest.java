package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own example specs ({@code src/test/resources/manifests/specs/}), read by the spec reader in place and
 * rendered, compared with reviewed golden files under {@code golden/specs/}.
 */
class OwnSpecsGoldenTest {

    static Path specs() {
        return GoldenFiles.directory().resolve("specs");
    }

    static Stream<String> files() throws IOException {
        try (Stream<Path> files = Files.list(specs())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static ServiceSpec read(String file) throws Exception {
        return new SpecReader().read(specs(), file, SpecInputs.none());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void rendersAsReviewed(String file) throws Exception {
        ServiceSpec spec = read(file);
        String yaml = new ManifestRenderer().render(spec, OptaExamplesGoldenTest.contextFor(spec)).toYaml();
        GoldenFiles.assertMatches("golden/specs/" + file, yaml);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void renderingTwiceGivesTheSameBytes(String file) throws Exception {
        String first = new ManifestRenderer().render(read(file), OptaExamplesGoldenTest.contextFor(read(file))).toYaml();
        String second = new ManifestRenderer().render(read(file), OptaExamplesGoldenTest.contextFor(read(file))).toYaml();
        assertThat(second).isEqualTo(first);
    }
}
