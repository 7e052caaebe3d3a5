package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.testing.FakeRegistry;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person reads while {@code push} runs: in a CI log and on a terminal. */
class PushProgressOutputTest {
    private static final Pattern STEP = Pattern.compile(
            "push: (\\d+\\.\\d (?:KiB|MiB)|\\d+ B) of (\\d+\\.\\d (?:KiB|MiB)|\\d+ B) \\((\\d+) %\\), \\S+ \\S+/s, \\d/2 layers");

    @TempDir
    Path workspace;

    private CliRun.Result push(FakeRegistry registry, String archive, boolean console) throws Exception {
        CliRun run = new CliRun().in(workspace);
        if (console) {
            run.interactive();
        }
        return run.run("push", "--image-archive", archive, "--registry", registry.address(), "--tag", "1");
    }

    private void prepare(long bytes, String name) throws Exception {
        if (!Files.exists(workspace.resolve("opta.yaml"))) {
            Files.copy(ExamplesTest.EXAMPLES.resolve("orders-auto/opta.yaml"), workspace.resolve("opta.yaml"));
        }
        TestImages.dockerArchive(workspace.resolve(name), TestImages.image(bytes, 5));
    }

    @Test
    void aCiLogGetsALineAtEachTenPerCentStepWithBytesOfTotalAndRate() throws Exception {
        prepare(8 << 20, "image.tar");
        try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Fault.NONE)) {
            var result = push(registry, "image.tar", false);

            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> lines = result.err().lines().toList();
            assertThat(lines).filteredOn(line -> line.toLowerCase().startsWith("pushing ")).as(result.toString())
                    .singleElement().asString().startsWith("pushing image archive ");
            List<String> steps = lines.stream().filter(line -> line.startsWith("push: ")).toList();
            assertThat(steps).as(result.toString()).hasSizeBetween(2, 10).allMatch(line -> STEP.matcher(line).matches());
            List<Integer> percents = steps.stream().map(PushProgressOutputTest::percent).toList();
            assertThat(percents).isSorted().doesNotHaveDuplicates().last().isEqualTo(100);
            assertThat(percents.stream().map(p -> p / 10).distinct().count()).isEqualTo(percents.size());
            assertThat(lines).doesNotHaveDuplicates();
            assertThat(result.err()).doesNotContain("0 of 0", "0.0 KiB of 0.0 KiB");
        }
    }

    @Test
    void aSmallImageShowsItsRealSize() throws Exception {
        prepare(30 << 10, "small.tar");
        try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Fault.NONE)) {
            var result = push(registry, "small.tar", false);

            assertThat(result.exitCode()).as(result.toString()).isZero();
            String last = result.err().lines().filter(line -> line.startsWith("push: ")).reduce((a, b) -> b)
                    .orElseThrow();
            Matcher step = STEP.matcher(last);
            assertThat(step.matches()).as(last).isTrue();
            assertThat(step.group(1)).isEqualTo(step.group(2)).endsWith("KiB").isNotEqualTo("0.0 KiB");
            assertThat(percent(last)).isEqualTo(100);
        }
    }

    @Test
    void aTerminalGetsABarRewrittenInPlace() throws Exception {
        prepare(2 << 20, "bar.tar");
        try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Fault.NONE)) {
            var result = push(registry, "bar.tar", true);

            assertThat(result.exitCode()).as(result.toString()).isZero();
            String status = result.err().substring(0, result.err().indexOf("pushed "));
            assertThat(status).doesNotContain("\n").contains("\rpushing [####################] ", "(100 %)");
            assertThat(status).containsPattern("pushing \\[[#-]{20}\\] \\S+ \\S+ of \\S+ \\S+ \\(\\d+ %\\), \\S+ \\S+/s");
        }
    }

    private static int percent(String line) {
        Matcher step = STEP.matcher(line);
        return step.matches() ? Integer.parseInt(step.group(3)) : -1;
    }
}
