package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.testing.RegistryApi;
import io.jenkins.plugins.optadeploy.testing.RegistryServer;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code push} against a real registry (Debian's docker-registry) with basic auth. */
class PushCommandTest {
    private static final String USER = "ci";
    private static final String PASSWORD = "s3cret-for-tests";

    @TempDir
    static Path shared;

    static RegistryServer registry;
    static Path workspace;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryServer.startWithAuth(shared.resolve("registry"), USER, PASSWORD);
        workspace = Files.createDirectories(shared.resolve("workspace"));
        Files.copy(ExamplesTest.EXAMPLES.resolve("orders-auto/opta.yaml"), workspace.resolve("opta.yaml"));
        Files.createDirectories(workspace.resolve("build"));
        TestImages.dockerArchive(workspace.resolve("build/image.tar"), TestImages.image(1 << 20, 11));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushesTheArchiveAndPrintsTheDigestReferenceLast() throws Exception {
        var result = new CliRun().in(workspace).stdin(PASSWORD + "\n").run("push", "--image-archive", "build/image.tar",
                "--registry", registry.address(), "--tag", "build-1", "--username", USER, "--password-stdin");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String digest = new RegistryApi(registry.address(), USER, PASSWORD).manifest("orders/api", "build-1").digest();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(result.lastLine()).isEqualTo(registry.address() + "/orders/api@" + digest);
        assertThat(result.out().lines()).hasSize(1);
        assertThat(result.err()).contains("pushed " + registry.address() + "/orders/api:build-1").doesNotContain(PASSWORD);
    }

    /** Repeated: Jib's I/O error lines on the refused upload showed in about three runs out of four. */
    @RepeatedTest(5)
    void wrongPasswordIsAPushFailureWithOneMessage() {
        var result = new CliRun().in(workspace).stdin("wrong-password\n").run("push", "--image-archive", "build/image.tar",
                "--registry", registry.address(), "--username", USER, "--password-stdin");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.PUSH_FAILED);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).doesNotContain("wrong-password", "\tat ")
                .doesNotContain("I/O error", "SocketException", "\u001B[");
        assertThat(result.err().strip().lines().reduce((first, second) -> second).orElseThrow())
                .contains("refused the credentials", "check the username and password");
    }

    @Test
    void missingArchiveIsAPushFailureNamingTheFile() {
        var result = new CliRun().in(workspace).stdin(PASSWORD + "\n").run("push", "--image-archive", "build/none.tar",
                "--registry", registry.address(), "--username", USER, "--password-stdin");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.PUSH_FAILED);
        assertThat(result.err()).contains("none.tar").doesNotContain("\tat ");
    }

    @Test
    void progressIsOneRewrittenStatusLineOnAConsole() {
        var result = new CliRun().in(workspace).interactive().stdin(PASSWORD + "\n").run("push", "--image-archive",
                "build/image.tar", "--registry", registry.address(), "--tag", "build-2", "--username", USER,
                "--password-stdin");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String beforeSummary = result.err().substring(0, result.err().indexOf("pushed "));
        assertThat(beforeSummary).startsWith("\r").doesNotContain("\n");
        assertThat(beforeSummary).contains("pushing");
        assertThat(beforeSummary).endsWith("\r");
    }
}
