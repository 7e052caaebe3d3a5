package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RegistryApi;
import io.jenkins.plugins.optadeploy.testing.RegistryServer;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code opta-deploy-cli.jar} as users run it: {@code java -jar}, real exit codes, real streams; deploys go to
 * the mock API server and rollout simulator running in this JVM.
 */
class CliJarIT {
    private static final Path JAR = Path.of(System.getProperty("opta.cli.jar", "target/opta-deploy-cli.jar")).toAbsolutePath();
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    void validateAndRenderAnExample() throws Exception {
        Run validate = java(PROJECT, "", "validate", "examples/hello-http/opta.yaml");
        Run render = java(PROJECT, "", "render", "examples/hello-http/opta.yaml");

        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).startsWith("examples/hello-http/opta.yaml: valid: service hello/web");
        assertThat(render.exitCode()).as(render.toString()).isZero();
        assertThat(render.out()).startsWith("---\napiVersion: v1\nkind: Namespace\n").contains("kind: Deployment\n");
        assertThat(render.err()).as("nothing but the manifests, not even logging noise").isEmpty();
    }

    @Test
    void invalidSpecExits3WithLocatedProblemsOnly() throws Exception {
        Files.writeString(temp.resolve("opta.yaml"), """
                name: shop
                modules:
                  - type: k8s-service
                    image: nginx:1.27
                    port:
                      http: 0
                    min_containers: 5
                    max_containers: 2
                """);

        Run run = java(temp, "", "validate");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).isNotEmpty().allMatch(line -> line.startsWith("opta.yaml:"));
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void usageErrorExits2() throws Exception {
        Run run = java(PROJECT, "", "deploy", "--timeout");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout").doesNotContain("\tat ");
    }

    @Test
    void pushToARealRegistryPrintsTheDigestReference() throws Exception {
        try (RegistryServer registry = RegistryServer.start(temp.resolve("registry"))) {
            Files.copy(PROJECT.resolve("examples/orders-auto/opta.yaml"), temp.resolve("opta.yaml"));
            TestImages.dockerArchive(temp.resolve("image.tar"), TestImages.image(1 << 20, 21));

            Run run = java(temp, "", "push", "--image-archive", "image.tar", "--registry", registry.address(), "--tag", "it");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            String digest = new RegistryApi(registry.address()).manifest("orders/api", "it").digest();
            assertThat(run.out().strip()).isEqualTo(registry.address() + "/orders/api@" + digest);
        }
    }

    @Test
    void deployAgainstTheMockClusterExitsByOutcome() throws Exception {
        try (RegistryServer registry = RegistryServer.start(temp.resolve("registry"));
                MockCluster cluster = MockCluster.start();
                RolloutSimulator simulator = new RolloutSimulator(cluster)) {
            Files.copy(PROJECT.resolve("examples/orders-auto/opta.yaml"), temp.resolve("opta.yaml"));
            TestImages.dockerArchive(temp.resolve("image.tar"), TestImages.image(256 * 1024, 22));
            Path kubeconfig = DeployCommandTest.writeKubeconfig(temp, cluster.url());
            simulator.script(DeployCommandTest.WORKLOAD, PodScript.readyAfter(Duration.ofMillis(300)));

            Run ok = java(temp, "", "deploy", "--kubeconfig", kubeconfig.toString(), "--image-archive", "image.tar",
                    "--registry", registry.address(), "--tag", "it-1");
            TestImages.dockerArchive(temp.resolve("image.tar"), TestImages.image(256 * 1024, 23));
            simulator.script(DeployCommandTest.WORKLOAD, PodScript.imageNotFound(Duration.ofMillis(200)));
            Run failed = java(temp, "", "deploy", "--kubeconfig", kubeconfig.toString(), "--image-archive", "image.tar",
                    "--registry", registry.address(), "--tag", "it-2");

            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("namespace: orders", "image: " + registry.address() + "/orders/api@sha256:");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(6);
            assertThat(failed.out()).isEmpty();
            assertThat(failed.err()).containsAnyOf("ImagePullBackOff", "ErrImagePull").contains("rolled back")
                    .doesNotContain("\tat ");
        }
    }

    private static Run java(Path directory, String stdin, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not built: run mvn package first");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
