package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.testing.LocalPlatform;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RegistryApi;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy} end to end: a real registry, the mock API server and the rollout simulator; exit codes and streams. */
class DeployCommandTest {
    static final String WORKLOAD = "orders-api-k8s-service";

    @TempDir
    Path workspace;
    @TempDir
    Path temp;

    private LocalPlatform platform;
    private Path kubeconfig;
    private final DeployEngine engine = new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT);

    @BeforeEach
    void start() throws Exception {
        platform = LocalPlatform.start(temp.resolve("registry"));
        kubeconfig = writeKubeconfig(temp, platform.cluster().url());
        Files.copy(ExamplesTest.EXAMPLES.resolve("orders-auto/opta.yaml"), workspace.resolve("opta.yaml"));
        TestImages.dockerArchive(workspace.resolve("app.tar"), TestImages.image(256 * 1024, 31));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void deploysAndPrintsTheOutputsAsNameValueLines() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(300)));

        var result = deploy("--tag", "build-1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String digest = new RegistryApi(platform.registry().address()).manifest("orders/api", "build-1").digest();
        String repository = platform.registry().address() + "/orders/api";
        assertThat(result.out().lines()).containsExactly(
                "docker_repo_url: " + repository,
                "image: " + repository + "@" + digest,
                "digest: " + digest,
                "namespace: orders",
                "revision: " + result.out().lines().filter(l -> l.startsWith("revision: ")).findFirst()
                        .map(l -> l.substring("revision: ".length())).filter(r -> r.matches("\\d+")).orElse("<missing>"),
                "workload: " + WORKLOAD,
                "url: http://shop.example.test/orders");
        Deployment deployment = platform.client().apps().deployments().inNamespace("orders").withName(WORKLOAD).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(repository + "@" + digest);
        assertThat(result.err()).contains("pushed " + repository + "@" + digest, "Deployment/" + WORKLOAD)
                .doesNotContain("\tat ");
        var rendered = new CliRun().in(workspace).run("render", "--registry", platform.registry().address(), "--tag", "build-1");
        assertThat(rendered.out()).as("render shows the annotations deploy applies")
                .contains(Labels.DEPLOYED_BY + ": " + deployment.getMetadata().getAnnotations().get(Labels.DEPLOYED_BY));
    }

    @Test
    void aCrashLoopExits6WithTheReasonAndTheRollback() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.crashLoop(3, List.of("booting", "FATAL: ORDERS_DB is not set"), 4,
                Duration.ofMillis(150)));

        var result = deploy("--tag", "build-1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.ROLLOUT_FAILED);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("CrashLoopBackOff", "FATAL: ORDERS_DB is not set", "rolled back")
                .doesNotContain("\tat ", "Exception");
        assertThat(platform.client().apps().deployments().inNamespace("orders").withName(WORKLOAD).get())
                .as("a failed first install removes what it created").isNull();
    }

    @Test
    void aRolloutPastTheTimeoutExits7() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.stuckCreating());

        var result = deploy("--tag", "build-1", "--timeout", "3s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(result.err()).contains("did not finish before its deadline", "ContainerCreating", "rolled back")
                .doesNotContain("\tat ");
    }

    @Test
    void onAConsoleProgressIsOneStatusLineAndTheDetailsFollowIt() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(300)));

        var result = new CliRun().in(workspace).engine(engine).interactive().run("deploy", "--kubeconfig",
                kubeconfig.toString(), "--image-archive", "app.tar", "--registry", platform.registry().address(), "--tag", "tty");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String status = result.err().substring(0, result.err().indexOf('\n'));
        assertThat(status).as("everything before the first newline is the rewritten status line").startsWith("\r")
                .contains("pushing", "applied", "waiting for Deployment orders/" + WORKLOAD);
        assertThat(result.err().substring(status.length() + 1)).contains("created Deployment/" + WORKLOAD,
                "rollout: ").doesNotContain("\r");
    }

    @Test
    void anUnreachableClusterIsAnApplyFailure() throws Exception {
        Path nowhere = writeKubeconfig(temp, "http://127.0.0.1:1/");

        var result = new CliRun().in(workspace).engine(engine).run("deploy", "--kubeconfig", nowhere.toString(),
                "--image-archive", "app.tar", "--registry", platform.registry().address());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(result.err()).contains("127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void anInvalidSpecExits3AndTouchesNothing() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"),
                Files.readString(workspace.resolve("opta.yaml")).replace("http: 8000", "htp: 8000"));

        var result = deploy("--tag", "build-1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_SPEC);
        assertThat(result.err()).contains("opta.yaml:", "modules[0].port");
        assertThat(platform.registry().blobUploads()).isZero();
        assertThat(platform.cluster().requests()).noneMatch(request -> !request.method().equals("GET"));
    }

    @Test
    void aDryRunPrintsTheDiffAndAppliesNothing() throws Exception {
        var result = deploy("--tag", "build-1", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Deployment", WORKLOAD).contains("namespace: orders");
        assertThat(platform.client().apps().deployments().inNamespace("orders").withName(WORKLOAD).get()).isNull();
        assertThat(platform.registry().blobUploads()).isZero();
    }

    @Test
    void theRolloutGatesWarningsArePrintedAndDoNotFailTheDeploy() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(100)));

        var result = deploy("--tag", "build-1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err().lines().filter(l -> l.startsWith("warning: ")).toList()).singleElement().asString()
                .matches("warning: Ingress orders/" + WORKLOAD + "-[0-9a-f]+ has no load-balancer address yet: is an "
                        + "ingress controller running for class nginx\\?");
    }

    private CliRun.Result deploy(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("deploy", "--kubeconfig", kubeconfig.toString(),
                "--image-archive", "app.tar", "--registry", platform.registry().address()));
        args.addAll(List.of(extra));
        return new CliRun().in(workspace).engine(engine).run(args.toArray(String[]::new));
    }

    static Path writeKubeconfig(Path directory, String server) throws Exception {
        Path file = Files.createTempFile(directory, "kubeconfig", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                users:
                - name: test
                  user:
                    token: test-token
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: test
                current-context: test
                """.formatted(server));
        return file;
    }
}
