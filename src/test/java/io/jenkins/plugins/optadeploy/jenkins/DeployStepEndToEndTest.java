package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
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
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optaDeploy} end to end through the Jenkins layer: Jenkins credentials resolved for the build, the spec read
 * and the image pushed (with a password) to a real docker-registry through the workspace callable, applied to the mock
 * API server, gated on the simulated rollout, recorded on the build. Fakes stand in for Jenkins only (run, listener,
 * step context), built on the API surface.
 */
class DeployStepEndToEndTest {
    private static final String WORKLOAD = "shop-orders-k8s-service";
    private static final String REGISTRY_PASSWORD = "canary-Registry-9f2c";
    private static final String TOKEN = "canary-kube-token-77d1";
    private static final String SPEC = """
            name: shop
            org_name: acme
            modules:
              - type: k8s-service
                name: orders
                image: AUTO
                port:
                  http: 8080
                healthcheck_path: /healthz
                public_uri: orders.example.com/api
            """;

    @TempDir
    Path tmp;
    private LocalPlatform platform;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private DeployServices services;
    private Path workspace;
    private FakeBuild.FakeRun run;
    private final FakeBuild.Console console = new FakeBuild.Console();
    /** Contexts whose controller "died" at a save: let go at the end. */
    private final List<FakeStepContext> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        platform = LocalPlatform.startWithAuth(tmp.resolve("registry"), "ci", REGISTRY_PASSWORD);
        workspace = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(workspace.resolve("opta.yaml"), SPEC);
        TestImages.dockerArchive(workspace.resolve("app.tar"), TestImages.image(128 * 1024, 7));
        run = new FakeBuild.FakeRun(Files.createDirectories(tmp.resolve("builds/7")).toFile());
        services = new DeployServices(new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT,
                new ClusterSessions()), credentials(), () -> DeployDefaults.NONE, executor);
    }

    @AfterEach
    void stop() throws InterruptedException {
        held.forEach(c -> c.afterCrash.countDown());
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        if (platform != null) {
            platform.close();
        }
    }

    private static CredentialLookup credentials() {
        Map<String, IdCredentials> store = Map.of(
                "registry", new FakeCredentials.UsernamePassword("registry", "ci", REGISTRY_PASSWORD),
                "kube", new FakeCredentials.SecretText("kube", TOKEN));
        return new CredentialLookup() {
            @Override
            public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> r, List<DomainRequirement> req) {
                IdCredentials c = store.get(id);
                return type.isInstance(c) ? type.cast(c) : null;
            }
        };
    }

    private OptaDeployStep step() {
        OptaDeployStep step = new OptaDeployStep();
        step.setImageArchive("app.tar");
        step.setRegistry(platform.registry().address());
        step.setRegistryCredentialsId("registry");
        step.setCredentialsId("kube");
        step.setServerUrl(platform.cluster().url());
        step.setTag("build-7");
        step.setTimeout(20);
        return step;
    }

    private Map<Class<?>, Object> objects(Run<?, ?> r, TaskListener listener) {
        return Map.of(Run.class, r, TaskListener.class, listener, FilePath.class, new FilePath(workspace.toFile()),
                EnvVars.class, new EnvVars(Map.of("BUILD_TAG", "jenkins-shop-7", "BUILD_URL", "https://ci.example.com/job/shop/7/")));
    }

    private static void awaitStatus(DeployStepExecution execution, String words) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!execution.getStatus().contains(words) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(execution.getStatus()).contains(words);
    }

    @Test
    void deploysAndReturnsTheOutputsWithSecretsMaskedEverywhere() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(300)));
        FakeStepContext ctx = new FakeStepContext(objects(run, console));

        assertThat(step().start(ctx, services).start()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, String> outputs = (Map<String, String>) ctx.outcome.get(60, TimeUnit.SECONDS);

        String image = platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        assertThat(outputs.get("digest")).startsWith("sha256:");
        assertThat(outputs).containsEntry("image", platform.registry().address() + "/shop/orders@" + outputs.get("digest"))
                .containsEntry("docker_repo_url", platform.registry().address() + "/shop/orders")
                .containsEntry("namespace", "shop").containsEntry("url", "http://orders.example.com/api")
                .containsKey("revision");
        assertThat(image).isEqualTo(outputs.get("image"));

        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getView().getOutcome()).isEqualTo("succeeded");
        assertThat(action.getView().getChanges()).extracting(DeployView.Row::first).contains("Deployment", "Service");
        assertThat(action.getView().getTimeline()).isNotEmpty();
        assertThat(action.getView().getManifests()).contains("kind: Deployment").contains(outputs.get("digest"));
        assertThat(run.getAction(DeployBadgeAction.class).getTooltip())
                .isEqualTo("Opta deploy succeeded: shop/orders in namespace shop, image "
                        + outputs.get("digest").substring(7, 19));

        String out = console.text();
        assertThat(out.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("[optaDeploy] "));
        assertThat(out).contains("[optaDeploy] pushed " + platform.registry().address() + "/shop/orders@sha256:")
                .contains("[optaDeploy] Deployed shop/orders in namespace shop");
        for (String text : List.of(out, action.getView().getLog(), action.getView().getManifests(), action.getView().getSummary())) {
            assertThat(text).doesNotContain(REGISTRY_PASSWORD).doesNotContain(TOKEN);
        }
        assertThat(action.getView().getLog()).contains("pushed ");
    }

    @Test
    void aCrashLoopFailsTheStepRollsBackAndSaysWhy() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.crashLoop(3, List.of("FATAL: DATABASE_URL is not set"), 4, Duration.ofMillis(150)));
        FakeStepContext ctx = new FakeStepContext(objects(run, console));
        step().start(ctx, services).start();

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(60, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(hudson.AbortException.class).hasMessageContaining("CrashLoopBackOff");
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getView().getOutcome()).isEqualTo("failed, rolled back");
        assertThat(action.getView().getDiagnosticsText()).contains("FATAL: DATABASE_URL is not set");
        assertThat(action.getView().getRolledBack()).isNotEmpty();
        assertThat(run.getAction(DeployBadgeAction.class).isSucceeded()).isFalse();
        assertThat(platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get()).isNull();
    }

    @Test
    void resumesAfterARestartMidRollout() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofSeconds(1)));
        FakeStepContext ctx = new FakeStepContext(objects(run, console));
        ctx.crashAtSave(2); // the controller dies right after saving the program as waiting for the rollout
        held.add(ctx);
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        ctx.program(execution);
        execution.start();
        assertThat(ctx.crashed.await(60, TimeUnit.SECONDS)).isTrue();

        byte[] persisted = ctx.saved;
        assertThat(new String(persisted, StandardCharsets.ISO_8859_1)).doesNotContain(REGISTRY_PASSWORD).doesNotContain(TOKEN);
        FakeBuild.FakeRun reloaded = new FakeBuild.FakeRun(run.getRootDir());
        DeployAction action = run.getAction(DeployAction.class);
        reloaded.addAction(action);
        action.onLoad(reloaded);
        FakeBuild.Console afterRestart = new FakeBuild.Console();
        FakeStepContext fresh = ctx.afterRestart(objects(reloaded, afterRestart));
        DeployStepExecution resumed = (DeployStepExecution) JavaSerialization.read(persisted);
        assertThat(resumed.getStatus()).contains("waiting for the rollout");
        resumed.resume(new DeployServices(new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT,
                new ClusterSessions()), credentials(), () -> DeployDefaults.NONE, executor)); // a new controller's

        @SuppressWarnings("unchecked")
        Map<String, String> outputs = (Map<String, String>) fresh.outcome.get(60, TimeUnit.SECONDS);
        assertThat(outputs.get("digest")).startsWith("sha256:");
        assertThat(afterRestart.text()).contains("[optaDeploy] Jenkins restarted: watching the rollout of shop/orders again")
                .contains("re-attached to Deployment shop/" + WORKLOAD).contains("[optaDeploy] Deployed shop/orders");
        assertThat(reloaded.getAction(DeployAction.class).getView().isSucceeded()).isTrue();
        assertThat(ctx.outcome).isNotDone();
    }

    @Test
    void stopMidRolloutRollsBack() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.stuckCreating());
        FakeStepContext ctx = new FakeStepContext(objects(run, console));
        DeployStepExecution execution = (DeployStepExecution) step().start(ctx, services);
        execution.start();
        awaitStatus(execution, "waiting for the rollout");
        Deployment applied = platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get();
        assertThat(applied).isNotNull();

        InterruptedException cause = new InterruptedException("Aborted by alice");
        execution.stop(cause);

        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> ctx.outcome.get(60, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isSameAs(cause);
        assertThat(platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get())
                .as("a first install is removed by the rollback").isNull();
        DeployAction action = run.getAction(DeployAction.class);
        assertThat(action.getView().getOutcome()).isEqualTo("failed, rolled back");
        assertThat(action.getView().getSummary()).contains("Aborted by alice");
    }
}
