package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freestyle step runs the same deploy on the executor thread; an aborted build rolls back. */
class OptaDeployBuilderTest {
    @TempDir
    Path tmp;
    private final ScriptedPhases phases = new ScriptedPhases();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private DeployServices services;
    private FakeBuild.FakeRun run;
    private final FakeBuild.Console console = new FakeBuild.Console();
    private FilePath workspace;

    @BeforeEach
    void setUp() throws Exception {
        services = new DeployServices(phases, DeployStepExecutionTest.credentials(),
                () -> new DeployDefaults("registry.example.com:5000", null, 120), executor);
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.copy(Path.of("src/test/resources/jenkins/opta.yaml"), ws.resolve("opta.yaml"));
        workspace = new FilePath(ws.toFile());
        run = new FakeBuild.FakeRun(Files.createDirectories(tmp.resolve("builds/7")).toFile());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    private Future<?> perform(OptaDeployBuilder builder) {
        EnvVars env = new EnvVars(Map.of("BUILD_NUMBER", "7", "BUILD_TAG", "jenkins-demo-7"));
        return executor.submit(() -> {
            builder.perform(run, workspace, env, console, services);
            return null;
        });
    }

    @Test
    void deploysWithBuildVariablesExpandedAndGlobalDefaults() throws Exception {
        OptaDeployBuilder builder = new OptaDeployBuilder();
        builder.setTag("build-${BUILD_NUMBER}");
        builder.setRegistryCredentialsId("reg");
        Future<?> build = perform(builder);
        CompletableFuture<DeployReport> rollout = phases.rollouts.poll(10, TimeUnit.SECONDS);
        assertThat(rollout).isNotNull();
        rollout.complete(ScriptedPhases.report(DeployReport.Outcome.SUCCEEDED, "ready", List.of()));
        build.get(10, TimeUnit.SECONDS);
        assertThat(run.getAction(DeployAction.class).getView().isSucceeded()).isTrue();
        assertThat(console.text()).contains("[optaDeploy] Deployed hello/app").doesNotContain(DeployStepExecutionTest.REGISTRY_PASSWORD);
    }

    @Test
    void aFailedRolloutFailsTheBuild() throws Exception {
        Future<?> build = perform(new OptaDeployBuilder());
        phases.rollouts.poll(10, TimeUnit.SECONDS).complete(
                ScriptedPhases.report(DeployReport.Outcome.FAILED, "pods not ready after 120 s", List.of()));
        assertThatThrownBy(() -> build.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AbortException.class)
                .hasMessageContaining("pods not ready after 120 s");
    }

    @Test
    void abortingTheBuildRollsBack() throws Exception {
        Future<?> build = perform(new OptaDeployBuilder());
        assertThat(phases.rollouts.poll(10, TimeUnit.SECONDS)).isNotNull();
        build.cancel(true); // what Jenkins does to the executor thread on abort
        assertThat(phases.aborts.poll(10, TimeUnit.SECONDS)).isEqualTo("the build was aborted");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (run.getAction(DeployBadgeAction.class) == null && System.nanoTime() < until) {
            Thread.sleep(20); // the executor thread records the rollback after abort() returns
        }
        assertThat(run.getAction(DeployAction.class).getView().getOutcome()).isEqualTo("failed, rolled back");
    }

    @Test
    void invalidTagIsRefusedBeforeTheAgentIsCalled() {
        OptaDeployBuilder builder = new OptaDeployBuilder();
        builder.setTag("bad tag");
        assertThatThrownBy(() -> builder.perform(run, workspace, new EnvVars(), console, services))
                .isInstanceOf(AbortException.class).hasMessageContaining("tag");
        assertThat(run.getActions(DeployAction.class)).isEmpty();
    }
}
