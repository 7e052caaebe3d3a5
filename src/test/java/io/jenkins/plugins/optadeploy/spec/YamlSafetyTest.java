package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile YAML fails fast with a clear message: alias bombs, oversized files, duplicate keys, foreign tags. */
class YamlSafetyTest {
    private static final Duration SAFETY_NET = Duration.ofSeconds(10);
    private final SpecReader reader = new SpecReader();

    @Test
    void billionLaughsIsRefusedBeforeExpanding() {
        StringBuilder yaml = new StringBuilder("lol0: &lol0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("lol").append(i).append(": &lol").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*lol").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("name: shop\nmodules: *lol9\n");

        List<SpecProblem> problems = problems("opta.yaml", yaml.toString());

        assertThat(problems).extracting(SpecProblem::toString).containsExactly(
                "opta.yaml:7:14: more than 50 aliases to lists or maps: alias expansion (\"billion laughs\") is refused");
    }

    @Test
    void aliasesBelowTheLimitStillCannotBlowUpTheReader() {
        StringBuilder yaml = new StringBuilder("name: shop\nx0: &x0 [a, b]\n");
        for (int i = 1; i <= 24; i++) {
            yaml.append("x").append(i).append(": &x").append(i).append(" [*x").append(i - 1).append(", *x").append(i - 1).append("]\n");
        }
        yaml.append("modules:\n  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    commands: *x24\n");

        List<SpecProblem> problems = problems("opta.yaml", yaml.toString());

        assertThat(problems).extracting(SpecProblem::message)
                .contains("unknown field")
                .contains("expected a string, found a list");
    }

    @Test
    void oversizedTextIsRefusedBeforeParsing() {
        String yaml = "name: shop\n# " + "x".repeat(SafeYaml.MAX_BYTES) + "\n";

        assertThat(problems("opta.yaml", yaml)).extracting(SpecProblem::toString).singleElement().asString()
                .startsWith("opta.yaml: file is " + yaml.length() + " bytes; the limit is 1048576 bytes (1 MiB)");
    }

    @Test
    void oversizedWorkspaceFileIsRefusedWithoutReadingIt(@TempDir Path workspace) throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), "#".repeat(SafeYaml.MAX_BYTES + 1));

        InvalidSpecException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidSpecException.class,
                () -> reader.read(workspace, "opta.yaml", SpecInputs.none()));

        assertThat(e.getMessage()).isEqualTo("opta.yaml: 'opta.yaml' is 1048577 bytes; the limit is 1048576 bytes "
                + "(1 MiB): an Opta file is never that large");
    }

    @Test
    void duplicateKeyIsLocatedAtTheDuplicate() {
        String yaml = "name: shop\nmodules:\n  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n"
                + "    env_vars:\n      A: \"1\"\n      B: \"2\"\n      A: \"3\"\nname: other\n";

        assertThat(problems("opta.yaml", yaml)).extracting(SpecProblem::toString).containsExactly(
                "opta.yaml:9:7: modules[0].env_vars.A: duplicate key 'A' (first defined at line 7): remove one of them",
                "opta.yaml:10:1: name: duplicate key 'name' (first defined at line 1): remove one of them");
    }

    @Test
    void javaTypeTagsAreRefused() {
        String yaml = "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n";

        assertThat(problems("opta.yaml", yaml)).extracting(SpecProblem::message).singleElement().asString()
                .startsWith("the tag !!javax.script.ScriptEngineManager is not allowed");
    }

    @Test
    void aHugeFlowMapIsRefusedBeforeItIsComposed() {
        StringBuilder yaml = new StringBuilder("{name: shop");
        for (int i = 0; i < 60_000; i++) {
            yaml.append(", k").append(i).append(": 1");
        }
        yaml.append("}\n");

        assertThat(problems("opta.yaml", yaml.toString())).extracting(SpecProblem::toString).singleElement().asString()
                .matches("opta\\.yaml:1:\\d+: more than 50000 values: an Opta file has far fewer, so this one is not read further");
    }

    @Test
    void deepNestingIsRefused() {
        String yaml = "name: shop\nmodules: " + "[".repeat(5000) + "]".repeat(5000) + "\n";

        assertThat(problems("opta.yaml", yaml)).extracting(SpecProblem::toString)
                .containsExactly("opta.yaml:2:49: nested deeper than 40 levels");
    }

    private List<SpecProblem> problems(String file, String yaml) {
        return assertTimeoutPreemptively(SAFETY_NET, () -> {
            try {
                reader.read(file, yaml, SpecInputs.none());
                throw new AssertionError("expected the file to be refused");
            } catch (InvalidSpecException e) {
                return e.problems();
            }
        });
    }
}
