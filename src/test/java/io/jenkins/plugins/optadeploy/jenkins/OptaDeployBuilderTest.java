package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.flow.ClusterSessions;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.testing.LocalPlatform;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The freestyle step runs the same deploy, through the real engine against the mock API server, on the executor
 * thread; an aborted build rolls back.
 */
class OptaDeployBuilderTest {
    private static final String WORKLOAD = DeployStepExecutionTest.WORKLOAD;
    /** The global default timeout: short, the failing rollout below ends at it. */
    private static final int DEFAULT_TIMEOUT = 2;

    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private MockCluster cluster;
    private RolloutSimulator simulator;
    private DeployServices services;
    private FakeBuild.FakeRun run;
    private final FakeBuild.Console console = new FakeBuild.Console();
    private FilePath workspace;

    @BeforeEach
    void setUp() throws Exception {
        cluster = MockCluster.start();
        simulator = new RolloutSimulator(cluster);
        services = new DeployServices(new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT,
                new ClusterSessions()), DeployStepExecutionTest.credentials(),
                () -> new DeployDefaults("registry.example.com:5000", "kube-token", DEFAULT_TIMEOUT), executor);
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("opta.yaml"), Files.readString(Path.of("src/test/resources/jenkins/opta.yaml"))
                .replace("image: AUTO", "image: \"ghcr.io/acme/app:{vars.tag}\""));
        workspace = new FilePath(ws.toFile());
        run = new FakeBuild.FakeRun(Files.createDirectories(tmp.resolve("builds/7")).toFile());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(20, TimeUnit.SECONDS);
        executor.shutdownNow();
        simulator.close();
        cluster.close();
    }

    private OptaDeployBuilder builder() {
        OptaDeployBuilder builder = new OptaDeployBuilder();
        builder.setServerUrl(cluster.url()); // the credential comes from the global default
        builder.setVars("tag=build-${BUILD_NUMBER}");
        return builder;
    }

    private Future<?> perform(OptaDeployBuilder builder) {
        EnvVars env = new EnvVars(Map.of("BUILD_NUMBER", "7", "BUILD_TAG", "jenkins-demo-7"));
        return executor.submit(() -> {
            builder.perform(run, workspace, env, console, services);
            return null;
        });
    }

    private Deployment deployment() {
        return cluster.client().apps().deployments().inNamespace("hello").withName(WORKLOAD).get();
    }

    @Test
    void deploysWithBuildVariablesExpandedAndGlobalDefaults() throws Exception {
        simulator.script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(200)));
        OptaDeployBuilder builder = builder();
        builder.setRegistryCredentialsId("reg");
        perform(builder).get(60, TimeUnit.SECONDS);
        assertThat(run.getAction(DeployAction.class).getView().isSucceeded()).isTrue();
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .as("${BUILD_NUMBER} expanded in the variables").isEqualTo("ghcr.io/acme/app:build-7");
        assertThat(cluster.requests()).as("the default credential reached the API server")
                .anyMatch(r -> ("Bearer " + DeployStepExecutionTest.TOKEN).equals(r.authorization()));
        assertThat(console.text()).contains("[optaDeploy] Deployed hello/app")
                .doesNotContain(DeployStepExecutionTest.REGISTRY_PASSWORD);
    }

    @Test
    void aFailedRolloutFailsTheBuildAtTheDefaultTimeout() throws Exception {
        simulator.script(WORKLOAD, PodScript.stuckCreating());
        Future<?> build = perform(builder());
        // within the minute only with the global default: the spec's own timeout is minutes
        assertThatThrownBy(() -> build.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(AbortException.class)
                .hasMessageContaining("did not finish before its deadline").hasMessageContaining("rolled back");
        assertThat(run.getAction(DeployAction.class).getView().isSucceeded()).isFalse();
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
    }

    @Test
    void abortingTheBuildRollsBack() throws Exception {
        simulator.script(WORKLOAD, PodScript.stuckCreating());
        OptaDeployBuilder builder = builder();
        builder.setTimeout(120);
        Future<?> build = perform(builder);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!console.text().contains("to roll out") && System.nanoTime() < until) {
            Thread.sleep(20); // the gate's first line: the build now waits for the rollout
        }
        assertThat(deployment()).isNotNull();
        build.cancel(true); // what Jenkins does to the executor thread on abort
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.getAction(DeployBadgeAction.class) == null && System.nanoTime() < until) {
            Thread.sleep(20); // the executor thread records the rollback after abort() returns
        }
        assertThat(console.text()).contains("[optaDeploy] aborted (the build was aborted): rolling back");
        assertThat(run.getAction(DeployAction.class).getView().getOutcome()).isEqualTo("failed, rolled back");
        assertThat(deployment()).as("a first install is removed by the rollback").isNull();
    }

    @Test
    void invalidTagIsRefusedBeforeTheAgentIsCalled() {
        OptaDeployBuilder builder = builder();
        builder.setTag("bad tag");
        assertThatThrownBy(() -> builder.perform(run, workspace, new EnvVars(), console, services))
                .isInstanceOf(AbortException.class).hasMessageContaining("tag");
        assertThat(run.getActions(DeployAction.class)).isEmpty();
        assertThat(cluster.requests()).noneMatch(r -> r.authorization() != null);
    }
}
