package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Stage;
import io.jenkins.plugins.optadeploy.image.ImagePusher;
import io.jenkins.plugins.optadeploy.image.ImageSource;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.PushListener;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.testing.RegistryApi;
import io.jenkins.plugins.optadeploy.testing.RegistryServer;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and the Jenkins step cannot drift: what the step's engine phases decide for a request (the step runs
 * {@link DeployEngine#prepare} on the agent), {@code push} decides for the same arguments. Each test failed when the
 * CLI had rules of its own: it sent no credentials to a source image, tagged by another rule, and confined the image
 * archive with another message.
 */
class SameRulesAsTheStepTest {
    private static final String USER = "ci";
    private static final String PASSWORD = "s3cret-for-rules";

    @TempDir
    static Path shared;

    static RegistryServer registry;
    static Path workspace;
    static String source;

    private final DeployEngine engine = new DeployEngine();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryServer.startWithAuth(shared.resolve("registry"), USER, PASSWORD);
        workspace = Files.createDirectories(shared.resolve("workspace"));
        Files.copy(ExamplesTest.EXAMPLES.resolve("orders-auto/opta.yaml"), workspace.resolve("opta.yaml"));
        Path archive = shared.resolve("source.tar");
        TestImages.dockerArchive(archive, TestImages.image(64 << 10, 21));
        // the image another job pushed to the same registry, which needs the same login to read
        new ImagePusher(Files.createDirectories(shared.resolve("tmp")), PushListener.NONE)
                .push(new ImageSource.Archive(archive), ImageTarget.auto(registry.address(), "base", "app", "5"),
                        new RegistryAuth(USER, PASSWORD));
        source = registry.address() + "/base/app:5";
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aSourceImageOnTheAutoRegistryIsReadWithItsLogin() throws Exception {
        var result = new CliRun().in(workspace).stdin(PASSWORD + "\n").run("push", "--source-image", source,
                "--registry", registry.address(), "--tag", "copied", "--username", USER, "--password-stdin");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String digest = new RegistryApi(registry.address(), USER, PASSWORD).manifest("orders/api", "copied").digest();
        assertThat(result.lastLine()).isEqualTo(registry.address() + "/orders/api@" + digest);
    }

    @Test
    void theDefaultTagIsChosenByTheStepsRule() throws Exception {
        String withoutBuildTag = engine.prepare(workspace, stepRequest(null, source, null), new RegistryAuth(USER,
                PASSWORD), shared, line -> { }).imageReference();
        String withBuildTag = engine.prepare(workspace, stepRequest(null, source, "jenkins-orders-7"),
                new RegistryAuth(USER, PASSWORD), shared, line -> { }).imageReference();

        var result = new CliRun().in(workspace).stdin(PASSWORD + "\n").run("push", "--source-image", source,
                "--registry", registry.address(), "--username", USER, "--password-stdin");

        assertThat(withoutBuildTag).isEqualTo(registry.address() + "/orders/api:5");
        assertThat(withBuildTag).isEqualTo(registry.address() + "/orders/api:jenkins-orders-7");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("pushed " + withoutBuildTag + " (sha256:");
    }

    @Test
    void anArchiveLinkedOutsideTheWorkspaceIsRefusedWithTheStepsMessage() throws Exception {
        Path outside = Files.createTempFile("image", ".tar");
        Path link = Files.createSymbolicLink(workspace.resolve("linked.tar"), outside);
        try {
            DeployException step = catchThrowableOfType(DeployException.class, () -> engine.prepare(workspace,
                    stepRequest("linked.tar", null, "jenkins-orders-8"), RegistryAuth.none(), shared, line -> { }));

            var result = new CliRun().in(workspace).run("push", "--image-archive", "linked.tar", "--registry",
                    registry.address(), "--tag", "t");

            assertThat(step.stage()).isEqualTo(Stage.IMAGE);
            assertThat(step.getMessage()).isEqualTo("image archive: 'linked.tar' is a symbolic link leading outside "
                    + "the workspace: only workspace files are read");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.of(step.stage(), false));
            assertThat(result.err().strip()).isEqualTo(step.getMessage());
        } finally {
            Files.delete(link);
            Files.delete(outside);
        }
    }

    /** What the step's options make of these parameters (a dry run: the image is not pushed). */
    private static DeployRequest stepRequest(String archive, String sourceImage, String buildTag) {
        return new DeployRequest("opta.yaml", null, Map.of(), null, archive, sourceImage, registry.address(), null,
                false, null, true, true, false, "https://ci.example.com/job/orders/7/", buildTag);
    }
}
