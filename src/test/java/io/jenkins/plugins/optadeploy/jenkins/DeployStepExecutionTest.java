package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.flow.ClusterSessions;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.testing.JavaSerialization;
import io.jenkins.plugins.optadeploy.testing.LocalPlatform;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * program, onResume, stop), over the real engine, the mock API server and the rollout simulator. Where a scenario
 * needs the deploy caught in a phase, the cluster (an apply held, then answered 503, which the Applier retries), the
 * registry (a socket that never answers) or the program's save (a crash right after it) holds it there.
 */
class DeployStepExecutionTest {
    static final String REGISTRY_PASSWORD = "canary-registry-Pa55";
    static final String TOKEN = "canary.token.value-123";
    static final String IMAGE = "ghcr.io/acme/app@sha256:" + "ab".repeat(32);
    static final String WORKLOAD = "hello-app-k8s-service";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private MockCluster cluster;
    private RolloutSimulator simulator;
    private DeployServices services;
    private Path workspace;
    private FakeBuild.FakeRun run;
    private FakeBuild.Console console;
    private final List<CountDownLatch> toRelease = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        cluster = MockCluster.start();
        simulator = new RolloutSimulator(cluster);
        services = services(credentials());
        workspace = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(workspace.resolve("opta.yaml"), Files.readString(Path.of("src/test/resources/jenkins/opta.yaml"))
                .replace("image: AUTO", "image: " + IMAGE));
        run = new FakeBuild.FakeRun(Files.createDirectories(tmp.resolve("builds/7")).toFile());
        console = new FakeBuild.Console();
    }

    @AfterEach
    void tearDown() throws Exception {
        toRelease.forEach(CountDownLatch::countDown);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        executor.shutdown(); // let a released phase finish writing into the build directory before it is deleted
        executor.awaitTermination(20, TimeUnit.SECONDS);
        executor.shutdownNow();
        simulator.close();
        cluster.close();
    }

    /** The controller's services: the real engine over one set of cluster sessions. */
    private DeployServices services(CredentialLookup lookup) {
        return new DeployServices(new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT,
                new ClusterSessions()), lookup, () -> DeployDefaults.NONE, executor);
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

    private Map<Class<?>, Object> objects(Run<?, ?> r, TaskListener listener) {
        return Map.of(Run.class, r, TaskListener.class, listener, FilePath.class, new FilePath(workspace.toFile()),
                EnvVars.class, new EnvVars(Map.of("BUILD_TAG", "jenkins-demo-7")));
    }

    private FakeStepContext context() {
        return new FakeStepContext(objects(run, console));
    }

    private OptaDeployStep step() {
        OptaDeployStep step = new OptaDeployStep();
        step.setRegistryCredentialsId("reg");
        step.setCredentialsId("kube-token");
        step.setServerUrl(cluster.url());
        step.setTimeout(90);
        return step;
    }

    private static Object outcome(FakeStepContext ctx) throws Exception {
        return ctx.outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failure(FakeStepContext ctx) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> outcome(ctx));
        return e.getCause();
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as(what).isTrue();
    }

    /** Requests the deploy made (with its token); the rollout simulator's own carry none. */
    private long deployRequests() {
        return cluster.requests().stream().filter(r -> ("Bearer " + TOKEN).equals(r.authorization())).count();
    }

    private Deployment deployment() {
        return cluster.client().apps().deployments().inNamespace("hello").withName(WORKLOAD).get();
    }

    /** The Deployment's apply is held until the returned latch opens, then answered 503 once (the Applier retries). */
    private CountDownLatch holdTheDeploymentsApply(CountDownLatch reached) {
        CountDownLatch open = new CountDownLatch(1);
        toRelease.add(open);
        cluster.failNext(1, MockCluster.RequestMatcher.applyTo("/deployments/" + WORKLOAD), request -> {
            reached.countDown();
            try {
                open.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MockCluster.Fault.status(503).respond(request);
        });
        return open;
    }

    /** The program as a controller restart reads it back, with the build reloaded and its deploy page on it. */
    private record Restarted(DeployStepExecution execution, FakeStepContext context, FakeBuild.FakeRun run,
            FakeBuild.Console console) {}

    private Restarted restart(FakeStepContext ctx, byte[] program) throws Exception {
        FakeBuild.FakeRun reloaded = new FakeBuild.FakeRun(run.getRootDir());
        DeployAction action = run.getAction(DeployAction.class);
        reloaded.addAction(action);
        action.onLoad(reloaded);
        FakeBuild.Console afterRestart = new FakeBuild.Console();
        FakeStepContext fresh = ctx.afterRestart(objects(reloaded, afterRestart));
        return new Restarted((DeployStepExecution) JavaSerialization.read(program), fresh, reloaded, afterRestart);
    }

    @Test
    void succeedsWithTheOutputsAndRecordsPageBadgeAndLog() throws Exception {
        simulator.script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(200)));
        FakeStepContext ctx = context();
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        assertThat(execution.start()).as("asynchronous: start returns at once").isFalse();

        Object result = outcome(ctx);
        assertThat(result).as("an external image: nothing pushed, no digest")
                .isEqualTo(Map.of("image", IMAGE, "digest", "", "docker_repo_url", "", "namespace", "hello",
                        "revision", "1", "workload", WORKLOAD, "url", "http://hello.example.com/app"));
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE);
        assertThat(deployRequests()).as("the token credential reached the API server").isPositive();
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getUrlName()).isEqualTo("opta-deploy-1");
        assertThat(action.getView().isSucceeded()).isTrue();
        assertThat(action.getView().getChanges()).extracting(DeployView.Row::first).contains("Deployment", "Service");
        assertThat(run.getAction(DeployBadgeAction.class).getTooltip())
                .as("an external image has no digest to name").isEqualTo("Opta deploy succeeded: hello/app in namespace hello");
        assertThat(execution.getStatus()).isEqualTo("done (hello/app)");

        String out = console.text();
        assertThat(out.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("[optaDeploy] "));
        assertThat(out).contains("Deploying opta.yaml").contains("image: " + IMAGE + " (external, not pushed)")
                .contains("Deployed hello/app in namespace hello");
        assertThat(action.getView().getLog()).as("the log file keeps the links' texts")
                .contains("Deploying opta.yaml: deploy page").contains(" details");
        String page = action.getView().getLog() + action.getView().getManifests() + action.getView().getDiagnosticsText();
        for (String text : List.of(out, page)) {
            assertThat(text).doesNotContain(REGISTRY_PASSWORD).doesNotContain(TOKEN);
        }
        assertThat(action.getView().getManifests()).contains("kind: Deployment").contains(IMAGE);
    }

    /** Secrets the credentials hold are masked wherever an engine message carries them (here the API server's). */
    @Test
    void aSecretInAnEngineMessageIsMaskedInTheLogAndOnThePage() throws Exception {
        String echoed = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403,\"message\":\"user with token " + TOKEN + " (registry login ci:" + REGISTRY_PASSWORD
                + ") cannot patch deployments\"}";
        cluster.failNext(1, MockCluster.RequestMatcher.applyTo("/deployments/" + WORKLOAD),
                request -> new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                        .setBody(echoed));
        FakeStepContext ctx = context();
        step().start(ctx, services).start();

        assertThat(failure(ctx)).isInstanceOf(AbortException.class).hasMessageContaining("Not allowed to apply")
                .hasMessageContaining("****").hasMessageNotContaining(TOKEN).hasMessageNotContaining(REGISTRY_PASSWORD);
        DeployView view = run.getAction(DeployAction.class).getView();
        String out = console.text();
        assertThat(out).contains("user with token **** (registry login ci:****)");
        for (String text : List.of(out, view.getLog(), view.getSummary(), view.getDiagnosticsText())) {
            assertThat(text).doesNotContain(REGISTRY_PASSWORD).doesNotContain(TOKEN);
        }
        assertThat(view.getSummary()).contains("****");
    }

    @Test
    void aFailedRolloutFailsTheStepWithTheSummaryAndAFailedBadge() throws Exception {
        simulator.script(WORKLOAD, PodScript.crashLoop(1, List.of("FATAL: no config"), 4, Duration.ofMillis(100)));
        FakeStepContext ctx = context();
        step().start(ctx, services).start();
        assertThat(failure(ctx)).isInstanceOf(AbortException.class).hasMessageStartingWith("[optaDeploy] ")
                .hasMessageContaining("CrashLoopBackOff");
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
        DeployView view = run.getAction(DeployAction.class).getView();
        assertThat(view.getOutcome()).isEqualTo("failed, rolled back");
        assertThat(view.getRolledBack()).isNotEmpty();
        assertThat(view.getDiagnosticsText()).contains("FATAL: no config");
        assertThat(deployment()).as("a first install is removed by the rollback").isNull();
    }

    @Test
    void anInvalidSpecFailsOnTheAgentBeforeAnythingIsApplied() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), "name: hello\nmodules: [{type: k8s-service}]\n");
        FakeStepContext ctx = context();
        step().start(ctx, services).start();
        assertThat(failure(ctx)).isInstanceOf(AbortException.class).hasMessageStartingWith("[optaDeploy] ")
                .hasMessageContaining("opta.yaml");
        assertThat(deployRequests()).as("the cluster was never called").isZero();
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
    }

    @Test
    void aSpecPathOutsideTheWorkspaceIsRefused() throws Exception {
        OptaDeployStep s = step();
        s.setFile("../outside.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.start(context(), services).start())
                .isInstanceOf(AbortException.class).hasMessageContaining("inside the workspace");
    }

    /**
     * A hard restart (crash, OOM kill) right after the program was saved as waiting for the rollout: the resumed
     * execution resolves the credentials again and watches the rollout with a fresh controller's services. Saved only
     * after start() returned, it would say "preparing" although the objects were applied.
     */
    @Test
    void resumesTheRolloutAfterAHardRestart() throws Exception {
        simulator.script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(500)));
        FakeStepContext ctx = context();
        ctx.crashAtSave(2); // 1: applying, 2: waiting for the rollout
        toRelease.add(ctx.afterCrash);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        ctx.program(execution);
        execution.start();
        assertThat(execution.blocksRestart()).as("a restart now could not tell what was applied").isTrue();
        ctx.savedAfterStart();
        await(ctx.crashed, "the deploy got to the rollout");
        assertThat(execution.blocksRestart()).as("waiting for the rollout survives a restart").isFalse();
        byte[] atTheCrash = ctx.saved; // the JVM dies here: nothing more is written
        assertThat(new String(atTheCrash, StandardCharsets.ISO_8859_1)).doesNotContain(REGISTRY_PASSWORD)
                .doesNotContain(TOKEN);

        Restarted after = restart(ctx, atTheCrash);
        List<Class<?>> resolved = new ArrayList<>();
        JavaSerialization.read(atTheCrash, resolved);
        // the program's own marshaller never meets a record: the engine's records travel as Java-serialized bytes
        assertThat(resolved).isNotEmpty().noneMatch(Class::isRecord);
        assertThat(after.execution().getContext()).isSameAs(after.context());
        assertThat(after.execution().getStatus()).contains("waiting for the rollout").contains("hello/app")
                .contains("s left");
        long before = deployRequests();

        after.execution().resume(services(credentials()));

        assertThat(outcome(after.context())).isInstanceOf(Map.class);
        assertThat(deployRequests()).as("credentials resolved again after the restart").isGreaterThan(before);
        assertThat(after.console().text())
                .contains("[optaDeploy] Jenkins restarted: watching the rollout of hello/app again")
                .contains("re-attached to Deployment hello/" + WORKLOAD).contains("Deployed hello/app");
        assertThat(after.run().getActions(DeployAction.class)).hasSize(1);
        assertThat(after.run().getAction(DeployAction.class).getView().isSucceeded()).isTrue();
        assertThat(ctx.outcome).as("the pre-restart context is never completed").isNotDone();
    }

    /** A hard restart right after the program was saved as applying: nothing can be confirmed, and it says so. */
    @Test
    void aRestartWhileApplyingFailsClearly() throws Exception {
        FakeStepContext ctx = context();
        ctx.crashAtSave(1); // 1: applying
        toRelease.add(ctx.afterCrash);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        ctx.program(execution);
        execution.start();
        await(ctx.crashed, "the deploy got to the apply");
        assertThat(execution.getStatus()).contains("applying");
        assertThat(execution.blocksRestart()).isTrue();

        FakeStepContext fresh = ctx.afterRestart(Map.of(Run.class, run, TaskListener.class, new FakeBuild.Console()));
        DeployStepExecution resumed = (DeployStepExecution) JavaSerialization.read(ctx.saved);
        resumed.resume(services(credentials()));
        assertThat(failure(fresh)).hasMessageContaining("restarted while the deploy was applying")
                .hasMessageContaining("run the build again");
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getView().getOutcome()).as("the page ends with a report, never 'in progress' forever")
                .isEqualTo("failed");
        assertThat(action.getView().getSummary()).contains("restarted while the deploy was applying");
        assertThat(cluster.applyCount(p -> true)).as("the resumed execution applies nothing").isZero();
    }

    @Test
    void stopDuringTheRolloutRollsBackAndFailsWithTheCause() throws Exception {
        simulator.script(WORKLOAD, PodScript.stuckCreating());
        FakeStepContext ctx = context();
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        awaitSaves(ctx, 2); // the second save: waiting for the rollout
        assertThat(deployment()).isNotNull();
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);

        assertThat(failure(ctx)).isSameAs(cause);
        assertThat(deployment()).as("a first install is removed by the rollback").isNull();
        DeployView view = run.getAction(DeployAction.class).getView();
        assertThat(view.getOutcome()).isEqualTo("failed, rolled back");
        assertThat(view.getSummary()).contains("Aborted by admin");
        assertThat(console.text()).contains("[optaDeploy] aborted (the build was aborted: Aborted by admin): rolling back");
    }

    /**
     * Stopped while the apply is under way (held at the Deployment): the apply returns what it applied and that is
     * rolled back; nothing waits for a rollout.
     */
    @Test
    void stopWhileApplyingRollsBackWhatTheApplyReturns() throws Exception {
        simulator.script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(100)));
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch open = holdTheDeploymentsApply(applying);
        FakeStepContext ctx = context();
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        await(applying, "the deploy got to the apply");
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);
        open.countDown();

        assertThat(failure(ctx)).isSameAs(cause);
        awaitFinished(run.getAction(DeployAction.class));
        DeployView view = run.getAction(DeployAction.class).getView();
        assertThat(deployment()).as("nothing the apply wrote is left").isNull();
        assertThat(view.getOutcome()).isEqualTo("failed, rolled back");
        assertThat(view.getSummary()).contains("the build was aborted while applying");
        assertThat(console.text()).contains("aborted (the build was aborted while applying): rolling back")
                .doesNotContain("Deployed hello/app").doesNotContain("to roll out").doesNotContain("could not release");
        assertThat(cluster.client().services().inNamespace("hello").withName("app").get()).isNull();
        assertThat(cluster.client().serviceAccounts().inNamespace("hello").withName("app").get()).isNull();
    }

    /** Stopped while another deploy holds the lock: the wait ends at once and nothing is applied, then or later. */
    @Test
    void stopWhileWaitingForTheLockEndsTheWaitAndAppliesNothing() throws Exception {
        cluster.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("hello").endMetadata().build()).create();
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        cluster.client().resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder().withNewMetadata()
                .withNamespace("hello").withName(io.jenkins.plugins.optadeploy.apply.ServiceLock.leaseName("hello.app"))
                .endMetadata().withNewSpec().withHolderIdentity("another deploy").withLeaseDurationSeconds(3600)
                .withAcquireTime(now).withRenewTime(now).endSpec().build()).create();
        FakeStepContext ctx = context();
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        long until = System.nanoTime() + WAIT.toNanos();
        while (!console.text().contains("waiting for the deploy lock held by another deploy")
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(console.text()).contains("waiting for the deploy lock held by another deploy");
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);

        assertThat(failure(ctx)).isSameAs(cause);
        DeployAction action = run.getAction(DeployAction.class);
        awaitFinished(action);
        assertThat(action.getView().getOutcome()).isEqualTo("failed");
        executor.shutdown();
        assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the deploy's thread left the lock wait").isTrue();
        assertThat(cluster.applyCount(p -> true)).as("nothing applied").isZero();
        assertThat(deployment()).isNull();
    }

    /** An abort before anything was released (the push hangs) still ends the deploy's page with a report. */
    @Test
    void stopWhilePreparingRecordsTheDeployAndAppliesNothing() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), Files.readString(Path.of("src/test/resources/jenkins/opta.yaml")));
        TestImages.dockerArchive(workspace.resolve("app.tar"), TestImages.image(64 * 1024, 3));
        ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        toClose.add(silent);
        CountDownLatch pushing = new CountDownLatch(1);
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // never answered: the push hangs on the registry
                    pushing.countDown();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        OptaDeployStep s = step();
        s.setRegistry("127.0.0.1:" + silent.getLocalPort());
        s.setImageArchive("app.tar");
        FakeStepContext ctx = context();
        DeployStepExecution execution = (DeployStepExecution) s.start(ctx, services);
        execution.start();
        await(pushing, "the deploy got to the push");
        assertThat(execution.blocksRestart()).isTrue();
        assertThat(execution.getStatus()).contains("pushing the image");
        InterruptedException cause = new InterruptedException("Aborted by admin");

        execution.stop(cause);

        assertThat(failure(ctx)).isSameAs(cause);
        DeployAction action = run.getAction(DeployAction.class);
        awaitFinished(action);
        assertThat(action.getView().getOutcome()).isEqualTo("failed");
        assertThat(deployRequests()).as("nothing applied: the cluster was never called").isZero();
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
        for (Socket socket : held) {
            socket.close();
        }
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
        simulator.script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(100)));
        FakeStepContext ctx = context();
        step().start(ctx, services(recording)).start();
        assertThat(outcome(ctx)).isInstanceOf(Map.class);
        assertThat(lookups).hasSize(2).doesNotContain(Thread.currentThread());
    }

    @Test
    void theExecutionIsAPlainStepExecution() {
        assertThat(DeployStepExecution.class.getSuperclass())
                .as("AbstractStepExecutionImpl runs Guice injection in onResume")
                .isEqualTo(org.jenkinsci.plugins.workflow.steps.StepExecution.class);
    }

    /** Waits for the execution's nth program save (no timing: the saves are counted). */
    private static void awaitSaves(FakeStepContext ctx, int n) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (ctx.saves.get() < n && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(ctx.saves.get()).as("saves").isGreaterThanOrEqualTo(n);
    }

    /** stop() completes the step first and records the page's report right after, on a pool thread. */
    private static void awaitFinished(DeployAction action) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!action.isFinished() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(action.isFinished()).as("not 'in progress' forever").isTrue();
    }
}
