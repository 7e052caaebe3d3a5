package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each {@code spec/invalid/NN-name.yaml} has a sibling {@code NN-name.expected} with every
 * problem the reader must report, exactly and in order (optionally preceded by {@code inputs: environment=x}).
 */
class InvalidCorpusTest {

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(InvalidCorpusTest.class.getResource("/spec/invalid").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @Test
    void theCorpusIsLargeAndEveryFileHasItsExpectation() throws Exception {
        List<Path> files = corpus().toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(60);
        for (Path file : files) {
            assertThat(expectedFile(file)).as("expectation for " + file.getFileName()).exists();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedProblems(Path file) throws IOException {
        List<String> lines = Files.readAllLines(expectedFile(file), StandardCharsets.UTF_8);
        String environment = null;
        List<String> expected = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("inputs: environment=")) {
                environment = line.substring("inputs: environment=".length());
            } else if (!line.isBlank()) {
                expected.add(line);
            }
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        SpecInputs inputs = new SpecInputs(environment, Map.of(), Map.of());

        InvalidSpecException thrown = catchThrowableOfType(InvalidSpecException.class,
                () -> new SpecReader().read("opta.yaml", text, inputs));

        assertThat(thrown).as(file.getFileName() + " must be rejected").isNotNull();
        assertThat(thrown.problems()).extracting(SpecProblem::toString).containsExactlyElementsOf(expected);
        assertThat(thrown.getMessage()).isEqualTo(String.join("\n", expected));
    }

    private static Path expectedFile(Path yaml) {
        String name = yaml.getFileName().toString();
        return yaml.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + ".expected");
    }
}
