package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.testing.JavaSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pipeline step's execution as workflow-cps drives it (start, onSuccess/onFailure, Java serialization of the
 * program, onResume, stop), with scripted engine phases: the state machine without a cluster.
 */
class DeployStepExecutionTest {
    static final String REGISTRY_PASSWORD = "canary-registry-Pa55";
    static final String TOKEN = "canary.token.value-123";

    @TempDir
    Path tmp;
    private final ScriptedPhases phases = new ScriptedPhases();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private DeployServices services;
    private Path workspace;
    private FakeBuild.FakeRun run;
    private FakeBuild.Console console;

    @BeforeEach
    void setUp() throws Exception {
        services = new DeployServices(phases, credentials(), () -> DeployDefaults.NONE, executor);
        workspace = Files.createDirectories(tmp.resolve("ws"));
        Files.copy(Path.of("src/test/resources/jenkins/opta.yaml"), workspace.resolve("opta.yaml"));
        run = new FakeBuild.FakeRun(Files.createDirectories(tmp.resolve("builds/7")).toFile());
        console = new FakeBuild.Console();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        CountDownLatch gate = phases.releaseGate;
        if (gate != null) {
            gate.countDown();
        }
        CountDownLatch prepare = ScriptedPhases.prepareGate;
        ScriptedPhases.prepareGate = null;
        if (prepare != null) {
            prepare.countDown();
        }
        executor.shutdown(); // let a released phase finish writing into the build directory before it is deleted
        executor.awaitTermination(10, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    static CredentialLookup credentials() {
        Map<String, IdCredentials> store = Map.of(
                "reg", new FakeCredentials.UsernamePassword("reg", "ci", REGISTRY_PASSWORD),
                "kube-token", new FakeCredentials.SecretText("kube-token", TOKEN));
        return new CredentialLookup() {
            @Override
            public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> r, List<DomainRequirement> req) {
                IdCredentials c = store.get(id);
                return type.isInstance(c) ? type.cast(c) : null;
            }
        };
    }

    private FakeStepContext context(Run<?, ?> r, TaskListener listener) {
        return new FakeStepContext(Map.of(Run.class, r, TaskListener.class, listener,
                FilePath.class, new FilePath(workspace.toFile()),
                EnvVars.class, new EnvVars(Map.of("BUILD_TAG", "jenkins-demo-7"))));
    }

    private OptaDeployStep step() {
        OptaDeployStep step = new OptaDeployStep();
        step.setRegistryCredentialsId("reg");
        step.setCredentialsId("kube-token");
        step.setServerUrl("https://k8s.example.com:6443");
        step.setTimeout(90);
        return step;
    }

    private static <T> T poll(java.util.concurrent.BlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("the execution got there within 10 s").isNotNull();
        return t;
    }

    @Test
    void succeedsWithTheOutputsAndRecordsPageBadgeAndMaskedLog() throws Exception {
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        assertThat(execution.start()).as("asynchronous: start returns at once").isFalse();

        CompletableFuture<DeployReport> rollout = poll(phases.rollouts);
        assertThat(execution.getStatus()).contains("waiting for the rollout").contains("hello/app").contains("s left");
        assertThat(phases.lastCluster).isEqualTo(new ClusterCredentials.Token("https://k8s.example.com:6443", TOKEN, null, false));
        rollout.complete(ScriptedPhases.report(DeployReport.Outcome.SUCCEEDED, "3 of 3 pods ready", List.of()));

        Object result = ctx.outcome.get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(Map.of("docker_repo_url", "localhost:5000/hello/app",
                "image", "localhost:5000/hello/app@sha256:" + "ab".repeat(32), "digest", "sha256:" + "ab".repeat(32),
                "namespace", "hello", "revision", "2", "workload", "app", "url", "https://hello.example.com/app"));
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getUrlName()).isEqualTo("opta-deploy-1");
        assertThat(action.getView().isSucceeded()).isTrue();
        assertThat(run.getAction(DeployBadgeAction.class).getTooltip())
                .isEqualTo("Opta deploy succeeded: hello/app in namespace hello, image abababababab");
        assertThat(execution.getStatus()).isEqualTo("done (hello/app)");

        String out = console.text();
        assertThat(out.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("[optaDeploy] "));
        assertThat(out).contains("Deploying opta.yaml").contains("applied Deployment app")
                .contains("Deployed hello/app in namespace hello: 3 of 3 pods ready");
        assertThat(action.getView().getLog()).as("the log file keeps the links' texts")
                .contains("Deploying opta.yaml: deploy page").contains("3 of 3 pods ready details");
        String page = action.getView().getLog() + action.getView().getManifests() + action.getView().getDiagnosticsText();
        for (String text : List.of(out, page)) {
            assertThat(text).doesNotContain(REGISTRY_PASSWORD).doesNotContain(TOKEN).contains("****");
        }
        assertThat(action.getView().getManifests()).contains("password: <redacted>").doesNotContain("bGVha2VkLXNlY3JldA==");
    }

    @Test
    void aFailedRolloutFailsTheStepWithTheSummaryAndAFailedBadge() throws Exception {
        FakeStepContext ctx = context(run, console);
        step().start(ctx, services).start();
        poll(phases.rollouts).complete(ScriptedPhases.report(DeployReport.Outcome.ROLLED_BACK,
                "app-7d9-x is crash-looping (exit 1); rolled back to revision 1", List.of("Deployment app restored")));
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(AbortException.class)
                .hasMessage("[optaDeploy] app-7d9-x is crash-looping (exit 1); rolled back to revision 1");
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
        assertThat(run.getAction(DeployAction.class).getView().getOutcome()).isEqualTo("failed, rolled back");
        assertThat(run.getAction(DeployAction.class).getView().getRolledBack()).containsExactly("Deployment app restored");
    }

    @Test
    void anInvalidSpecFailsOnTheAgentBeforeAnythingIsApplied() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), "name: hello\nmodules: [{type: k8s-service}]\n");
        FakeStepContext ctx = context(run, console);
        step().start(ctx, services).start();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(AbortException.class).hasMessageStartingWith("[optaDeploy] ");
        assertThat(phases.releasing.getCount()).as("release never called").isEqualTo(1);
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
    }

    @Test
    void aSpecPathOutsideTheWorkspaceIsRefused() throws Exception {
        OptaDeployStep s = step();
        s.setFile("../outside.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.start(context(run, console), services).start())
                .isInstanceOf(AbortException.class).hasMessageContaining("inside the workspace");
    }

    @Test
    void resumesTheRolloutAfterARestart() throws Exception {
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        Release applied = poll(phases.awaited);
        assertThat(applied).isNotNull();

        byte[] persisted = JavaSerialization.bytes(execution); // what the controller keeps of the running program
        String bytesAsText = new String(persisted, StandardCharsets.ISO_8859_1);
        assertThat(bytesAsText).doesNotContain(REGISTRY_PASSWORD).doesNotContain(TOKEN);

        // the controller restarts: the build is reloaded with its actions, the program with a fresh context
        FakeBuild.FakeRun reloaded = new FakeBuild.FakeRun(run.getRootDir());
        DeployAction action = run.getAction(DeployAction.class);
        reloaded.addAction(action);
        action.onLoad(reloaded);
        FakeBuild.Console afterRestart = new FakeBuild.Console();
        FakeStepContext fresh = ctx.afterRestart(Map.of(Run.class, reloaded, TaskListener.class, afterRestart,
                FilePath.class, new FilePath(workspace.toFile()), EnvVars.class, new EnvVars()));
        List<Class<?>> resolved = new ArrayList<>();
        DeployStepExecution resumed = (DeployStepExecution) JavaSerialization.read(persisted, resolved);
        // the program's own marshaller never meets a record: the engine's records travel as Java-serialized bytes
        assertThat(resolved).isNotEmpty().noneMatch(Class::isRecord);
        assertThat(resumed.getContext()).isSameAs(fresh);
        assertThat(resumed.getStatus()).contains("waiting for the rollout");

        resumed.resume(services);
        Release reattached = poll(phases.awaited);
        assertThat(reattached).isNotSameAs(applied);
        assertThat(phases.lastCluster).as("credentials resolved again after the restart")
                .isEqualTo(new ClusterCredentials.Token("https://k8s.example.com:6443", TOKEN, null, false));
        poll(phases.rollouts);
        poll(phases.rollouts).complete(ScriptedPhases.report(DeployReport.Outcome.SUCCEEDED, "ready", List.of()));

        assertThat(fresh.outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(Map.class);
        assertThat(afterRestart.text()).contains("[optaDeploy] Jenkins restarted: watching the rollout of hello/app again")
                .contains("Deployed hello/app");
        assertThat(reloaded.getActions(DeployAction.class)).hasSize(1);
        assertThat(reloaded.getAction(DeployAction.class).getView().isSucceeded()).isTrue();
        assertThat(ctx.outcome).as("the pre-restart context is never completed").isNotDone();
    }

    @Test
    void aRestartWhileApplyingFailsClearly() throws Exception {
        phases.releaseGate = new CountDownLatch(1);
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        assertThat(phases.releasing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(execution.getStatus()).contains("applying");
        byte[] persisted = JavaSerialization.bytes(execution);

        FakeStepContext fresh = ctx.afterRestart(Map.of(Run.class, run, TaskListener.class, new FakeBuild.Console()));
        DeployStepExecution resumed = (DeployStepExecution) JavaSerialization.read(persisted);
        resumed.resume(services);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> fresh.outcome.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).hasMessageContaining("restarted while the deploy was applying")
                .hasMessageContaining("run the build again");
        assertThat(phases.awaited).isEmpty();
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getView().getOutcome()).as("the page ends with a report, never 'in progress' forever").isEqualTo("failed");
        assertThat(action.getView().getSummary()).contains("restarted while the deploy was applying");
    }

    @Test
    void stopDuringTheRolloutRollsBackAndFailsWithTheCause() throws Exception {
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        CompletableFuture<DeployReport> rollout = poll(phases.rollouts);
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isSameAs(cause);
        assertThat(phases.aborts).containsExactly("the build was aborted: Aborted by admin");
        // cancelled by stop(), or by the execution itself when stop() came before it held the future
        assertThat(rollout).failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.CancellationException.class);
        assertThat(run.getAction(DeployAction.class).getView().getOutcome()).isEqualTo("failed, rolled back");
        assertThat(console.text()).contains("[optaDeploy] rolling back: the build was aborted");
    }

    @Test
    void stopWhileApplyingRollsBackWhatTheApplyReturns() throws Exception {
        phases.releaseGate = new CountDownLatch(1);
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        assertThat(phases.releasing.await(10, TimeUnit.SECONDS)).isTrue();
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isSameAs(cause);
        assertThat(poll(phases.aborts)).isEqualTo("the build was aborted while applying");
        assertThat(phases.awaited).as("no rollout wait after a stop").isEmpty();
    }

    /**
     * A hard restart (crash, OOM kill) finds the program as last saved. Saved only after start() returned, it would
     * say "preparing" although the objects were applied: the rollout would go unwatched and nothing rolled back.
     */
    @Test
    void aHardRestartDuringTheRolloutResumesFromTheSavedPhase() throws Exception {
        phases.releaseGate = new CountDownLatch(1);
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        ctx.program(execution);
        execution.start();
        assertThat(phases.releasing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(execution.blocksRestart()).as("a restart now could not tell what was applied").isTrue();
        ctx.savedAfterStart();
        phases.releaseGate.countDown();
        poll(phases.rollouts);
        assertThat(execution.blocksRestart()).as("waiting for the rollout survives a restart").isFalse();
        byte[] atTheCrash = ctx.saved; // the JVM dies here: nothing more is written

        FakeBuild.FakeRun reloaded = new FakeBuild.FakeRun(run.getRootDir());
        DeployAction action = run.getAction(DeployAction.class);
        reloaded.addAction(action);
        action.onLoad(reloaded);
        FakeBuild.Console afterRestart = new FakeBuild.Console();
        FakeStepContext fresh = ctx.afterRestart(Map.of(Run.class, reloaded, TaskListener.class, afterRestart,
                FilePath.class, new FilePath(workspace.toFile()), EnvVars.class, new EnvVars()));
        DeployStepExecution resumed = (DeployStepExecution) JavaSerialization.read(atTheCrash);
        assertThat(resumed.getStatus()).contains("waiting for the rollout");
        resumed.resume(services);
        poll(phases.awaited);
        poll(phases.awaited);
        poll(phases.rollouts).complete(ScriptedPhases.report(DeployReport.Outcome.SUCCEEDED, "ready", List.of()));
        assertThat(fresh.outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(Map.class);
        assertThat(afterRestart.text()).contains("watching the rollout of hello/app again");
    }

    /** An abort before anything was released still ends the deploy's page with a report. */
    @Test
    void stopWhilePreparingRecordsTheDeployAndAppliesNothing() throws Exception {
        ScriptedPhases.prepareGate = new CountDownLatch(1);
        FakeStepContext ctx = context(run, console);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        assertThat(execution.blocksRestart()).isTrue();
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isSameAs(cause);
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.isFinished()).as("not 'in progress' forever").isTrue();
        assertThat(action.getView().getOutcome()).isEqualTo("failed");
        assertThat(phases.releasing.getCount()).as("nothing applied").isEqualTo(1);
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
    }

    /** Credentials (an OpenShift token producer calls the network) are resolved off the program's thread. */
    @Test
    void credentialsAreResolvedOffTheProgramThread() throws Exception {
        List<Thread> lookups = new java.util.concurrent.CopyOnWriteArrayList<>();
        CredentialLookup recording = new CredentialLookup() {
            @Override
            public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> r, List<DomainRequirement> req) {
                lookups.add(Thread.currentThread());
                return credentials().find(id, type, r, req);
            }
        };
        services = new DeployServices(phases, recording, () -> DeployDefaults.NONE, executor);
        FakeStepContext ctx = context(run, console);
        step().start(ctx, services).start();
        poll(phases.rollouts);
        assertThat(lookups).hasSize(2).doesNotContain(Thread.currentThread());
    }

    @Test
    void theExecutionIsAPlainStepExecution() {
        assertThat(DeployStepExecution.class.getSuperclass())
                .as("AbstractStepExecutionImpl runs Guice injection in onResume")
                .isEqualTo(org.jenkinsci.plugins.workflow.steps.StepExecution.class);
    }
}
