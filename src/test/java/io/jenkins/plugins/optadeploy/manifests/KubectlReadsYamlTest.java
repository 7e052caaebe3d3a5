package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.testing.Specs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl (Go's YAML rules, not SnakeYAML's) reads the rendered file offline: {@code --local} commands decode every
 * document into typed objects without a cluster. Skipped when kubectl is not installed.
 */
class KubectlReadsYamlTest {
    /** Strings that some YAML reader takes for a boolean, number or null unless quoted. */
    private static final List<String> TRICKY = List.of("y", "N", "yes", "off", "0o17", "0b101", "1_000", "1e3", "0x1F",
            "012", ".5", "-3", "~", "null", "2001-12-14", "0.05", "1:20", "a: b", "- x", "#hash", "line\nbreak", "");

    @Test
    void kubectlDecodesEveryDocumentAndEveryValueStaysAString(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(kubectlAvailable(), "kubectl not on PATH: skipping the kubectl decoding check");
        Specs specs = Specs.minimal().withPersistentStorage(1, "/data").withPodAnnotation("example.com/flag", "y")
                .withCronJob("*/5 * * * *", List.of("run"), List.of("0o17"));
        for (int i = 0; i < TRICKY.size(); i++) {
            specs.withEnv("V" + i, TRICKY.get(i));
        }
        Manifests manifests = new ManifestRenderer().render(specs.build(), Contexts.auto("hello", "hello"));
        Path file = dir.resolve("manifests.yaml");
        Files.writeString(file, manifests.toYaml(), StandardCharsets.UTF_8);

        List<String> names = run("kubectl", "label", "--local", "-f", file.toString(), "checked=yes", "-o", "name");
        assertThat(names).hasSize(manifests.objects().size());

        // kubectl prints NAME=value per variable; a value with a line break spans two lines
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < TRICKY.size(); i++) {
            env.append("V").append(i).append('=').append(TRICKY.get(i)).append('\n');
        }
        List<String> listed = run("kubectl", "set", "env", "--local", "-f", file.toString(), "--list");
        assertThat(String.join("\n", listed) + "\n").isEqualTo(
                "# StatefulSet hello-hello-k8s-service, container k8s-service\n" + env
                        + "# CronJob hello-hello-k8s-service-0, container cron\n" + env);
    }

    private static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", String.join(" ", command), output).isZero();
        return output.lines().toList();
    }
}
