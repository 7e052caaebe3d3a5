package io.jenkins.plugins.optadeploy.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.apply.ServiceLock;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.testing.JavaSerialization;
import io.jenkins.plugins.optadeploy.testing.LocalPlatform;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow, spec -> image -> manifests -> apply -> rollout gate -> report, against a real docker-registry, the
 * mock API server (with its apply-patch emulation) and the rollout simulator.
 */
class DeployEngineTest {
    private static final String WORKLOAD = "shop-orders-k8s-service";
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
                min_containers: 2
                max_containers: 4
            """;

    @TempDir
    Path workspace;
    @TempDir
    Path temp;

    private LocalPlatform platform;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final DeployEngine engine = new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT);

    @BeforeEach
    void start() throws Exception {
        platform = LocalPlatform.start(temp.resolve("registry"));
        Files.writeString(workspace.resolve("opta.yaml"), SPEC);
        TestImages.dockerArchive(workspace.resolve("app.tar"), TestImages.image(256 * 1024, 1));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void pushesByDigestAppliesAndPassesOnlyWhenNewPodsAreReady() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(300)));

        DeployReport report = engine.deploy(workspace, request("app.tar", "build-1"), RegistryAuth.none(), credentials(),
                temp, log::add);

        String digest = manifestDigest("shop/orders", "build-1");
        assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(report.digest()).isEqualTo(digest);
        assertThat(report.outputs()).containsEntry("image", platform.registry().address() + "/shop/orders@" + digest)
                .containsEntry("docker_repo_url", platform.registry().address() + "/shop/orders")
                .containsEntry("namespace", "shop")
                .containsEntry("url", "http://orders.example.com/api");
        assertThat(report.outputs()).as("plain values, safe in an unquoted sh line")
                .containsEntry("revision", "1").containsEntry("workload", WORKLOAD);
        long rolloutMillis = report.timings().stream().filter(t -> t.stage().equals("rollout")).findFirst()
                .orElseThrow().millis();
        assertThat(rolloutMillis).as("the rollout waited at least the 300 ms the pods took").isGreaterThanOrEqualTo(250);
        assertThat(report.summary()).isEqualTo("Deployment shop/" + WORKLOAD + " rolled out to revision 1: 1 new pod ready");
        assertThat(report.applied()).as("one row per rendered object, the namespace included").hasSize(
                (int) log.stream().filter(l -> l.startsWith("rendered ")).findFirst().map(l -> l.split(" ")[1])
                        .map(Long::parseLong).orElseThrow().longValue());
        assertThat(report.applied().get(0)).extracting(DeployReport.ObjectChange::kind, DeployReport.ObjectChange::name)
                .containsExactly("Namespace", "shop"); // "exists": the deploy lock, taken first, lives in it
        assertThat(report.timeline().get(0).state()).as("the row names the pod already")
                .doesNotStartWith(report.timeline().get(0).pod());
        Deployment deployment = platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(platform.registry().address() + "/shop/orders@" + digest);
        // the Deployment leaves replicas to the HPA; the simulator plays no HPA, so the API default of one pod rolls out
        assertThat(report.timeline()).hasSize(1).allSatisfy(pod -> assertThat(pod.ready()).isNotNull());
        assertThat(report.timings()).extracting(DeployReport.StageTiming::stage)
                .containsExactly("spec", "image", "manifests", "apply", "rollout");
        assertThat(report.applied()).extracting(DeployReport.ObjectChange::kind)
                .contains("Deployment", "Service", "HorizontalPodAutoscaler", "Ingress");
        assertThat(lockHolder()).as("the deploy lock is released").isNull();
        assertThat(log).anyMatch(l -> l.startsWith("pushed " + platform.registry().address() + "/shop/orders@sha256:"))
                .anyMatch(l -> l.contains("rolled out"))
                .as("the loopback registry is spoken to over plain HTTP from the first request")
                .noneMatch(l -> l.contains("Attempting again"));
    }

    @Test
    void aCrashLoopOnFirstInstallFailsWithTheReasonAndRemovesWhatItCreated() {
        platform.simulator().script(WORKLOAD, PodScript.crashLoop(3, List.of("booting", "FATAL: DATABASE_URL is not set"), 4,
                Duration.ofMillis(150)));

        assertThatThrownBy(() -> engine.deploy(workspace, request("app.tar", "build-1"), RegistryAuth.none(),
                credentials(), temp, log::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.ROLLOUT);
                    assertThat(e.timedOut()).isFalse();
                    assertThat(e.report().outcome()).isEqualTo(Outcome.ROLLED_BACK);
                    assertThat(e.report().summary()).contains("CrashLoopBackOff").contains("rolled back");
                    assertThat(e.report().diagnostics()).anyMatch(l -> l.contains("exit code 3") || l.contains("exit 3"))
                            .anyMatch(l -> l.contains("FATAL: DATABASE_URL is not set"));
                    assertThat(e.report().rolledBack()).anyMatch(l -> l.contains("Deployment/" + WORKLOAD));
                });
        assertThat(platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get()).isNull();
        assertThat(lockHolder()).isNull();
    }

    @Test
    void podsThatNeverBecomeReadyNameTheFieldThatSetTheirReadinessProbe() {
        platform.simulator().script(WORKLOAD, PodScript.readinessFailing("HTTP probe failed with statuscode: 503", 50,
                Duration.ofMillis(100)));
        DeployRequest shortWait = request("app.tar", "build-1");
        DeployRequest request = new DeployRequest(shortWait.file(), null, Map.of(), null, shortWait.imageArchive(), null,
                shortWait.registry(), shortWait.tag(), false, Duration.ofSeconds(3), true, false, false,
                shortWait.buildUrl(), shortWait.buildTag());

        assertThatThrownBy(() -> engine.deploy(workspace, request, RegistryAuth.none(), credentials(), temp, log::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.report().outcome()).isEqualTo(Outcome.ROLLED_BACK);
                    assertThat(e.report().diagnostics()).last().isEqualTo("readiness probe from opta.yaml:9:5 "
                            + "modules[0].healthcheck_path (GET /healthz on port 8080)");
                });
    }

    @Test
    void aFailedUpdateReturnsToThePreviousImage() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(200)));
        engine.deploy(workspace, request("app.tar", "build-1"), RegistryAuth.none(), credentials(), temp, log::add);
        String first = platform.registry().address() + "/shop/orders@" + manifestDigest("shop/orders", "build-1");

        TestImages.dockerArchive(workspace.resolve("app.tar"), TestImages.image(256 * 1024, 2));
        platform.simulator().script(WORKLOAD, PodScript.imageNotFound(Duration.ofMillis(200)));
        assertThatThrownBy(() -> engine.deploy(workspace, request("app.tar", "build-2"), RegistryAuth.none(),
                credentials(), temp, log::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.report().outcome()).isEqualTo(Outcome.ROLLED_BACK);
                    assertThat(e.report().summary()).containsAnyOf("ImagePullBackOff", "ErrImagePull", "pull");
                });

        Deployment deployment = platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(first);
    }

    @Test
    void anInvalidSpecPushesAndAppliesNothing() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), SPEC.replace("http: 8080", "htp: 8080"));

        assertThatThrownBy(() -> engine.deploy(workspace, request("app.tar", "build-1"), RegistryAuth.none(),
                credentials(), temp, log::add))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.stage()).isEqualTo(Stage.SPEC);
                    assertThat(e.getMessage()).contains("opta.yaml:").contains("modules[0].port").contains("nothing was pushed");
                });
        assertThat(platform.registry().blobUploads()).isZero();
        assertThat(platform.cluster().requests()).as("writes to the cluster").noneMatch(r -> !r.method().equals("GET"));
    }

    @Test
    void aDryRunShowsTheChangesAndAppliesNothing() throws Exception {
        DeployRequest dryRun = new DeployRequest("opta.yaml", null, Map.of(), null, "app.tar", null,
                platform.registry().address(), "build-1", false, Duration.ofSeconds(20), true, true, false, null, "build-1");

        DeployReport report = engine.deploy(workspace, dryRun, RegistryAuth.none(), credentials(), temp, log::add);

        assertThat(report.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(report.diff()).contains("Deployment/" + WORKLOAD);
        assertThat(report.applied()).allSatisfy(change -> assertThat(change.action()).startsWith("would be"));
        assertThat(platform.registry().blobUploads()).isZero();
        assertThat(platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get()).isNull();
    }

    @Test
    void aReleasePersistedMidRolloutIsResumedByAnotherEngineAfterARestart() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofSeconds(1)));
        DeployRequest request = request("app.tar", "build-1");
        Prepared prepared = engine.prepare(workspace, request, RegistryAuth.none(), temp, log::add);
        Release release = engine.release(prepared, request, credentials(), log::add);

        Release restored = JavaSerialization.roundTrip(release);
        DeployReport report = new DeployEngine().awaitRollout(restored, credentials(), log::add).get(30, TimeUnit.SECONDS);

        assertThat(restored.rolloutDeadline()).as("fixed at the apply, not recomputed on resume")
                .isEqualTo(release.rolloutDeadline()).isBefore(Instant.now().plus(Duration.ofSeconds(20)));
        assertThat(log).anyMatch(l -> l.endsWith("to roll out (until " + release.rolloutDeadline().truncatedTo(ChronoUnit.SECONDS) + ")"));
        assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(report.outputs().get("image")).isEqualTo(prepared.imageReference());
        assertThat(log).anyMatch(l -> l.startsWith("re-attached to Deployment shop/" + WORKLOAD));
    }

    @Test
    void abortMidRolloutRollsBack() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.stuckCreating());
        DeployRequest request = request("app.tar", "build-1");
        Prepared prepared = engine.prepare(workspace, request, RegistryAuth.none(), temp, log::add);
        Release release = engine.release(prepared, request, credentials(), log::add);
        var waiting = engine.awaitRollout(release, credentials(), log::add);

        DeployReport report = engine.abort(release, credentials(), "build aborted by alice", log::add);

        assertThat(report.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(report.summary()).contains("build aborted by alice");
        assertThat(waiting.get(5, TimeUnit.SECONDS).summary()).isEqualTo("aborted");
        assertThat(platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get()).isNull();
        assertThat(lockHolder()).isNull();
    }

    @Test
    void anotherEngineOverTheSameSessionsStopsTheWaitAndRollsBack() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.stuckCreating());
        ClusterSessions sessions = new ClusterSessions();
        DeployEngine starting = new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT, sessions);
        DeployEngine stopping = new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT, sessions);
        DeployRequest request = request("app.tar", "build-1");
        Release release = starting.release(starting.prepare(workspace, request, RegistryAuth.none(), temp, log::add),
                request, credentials(), log::add);
        var waiting = starting.awaitRollout(release, credentials(), log::add);

        DeployReport report = stopping.abort(release, credentials(), "build aborted by bob", log::add);

        assertThat(report.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(waiting.get(5, TimeUnit.SECONDS).summary()).as("the first engine's wait was stopped")
                .isEqualTo("aborted");
        assertThat(lockHolder()).isNull();
    }

    @Test
    void anotherDeploysLockIsWaitedForTheLockWaitNotTheRolloutTimeout() throws Exception {
        platform.simulator().script(WORKLOAD, PodScript.readyAfter(Duration.ofMillis(200)));
        DeployRequest request = new DeployRequest("opta.yaml", null, Map.of(), null, "app.tar", null,
                platform.registry().address(), "build-2", false, Duration.ofSeconds(20), true, false, false, null,
                "build-2", null, Duration.ofSeconds(1));
        try (ServiceLock other = ServiceLock.acquire(platform.client(), "shop", "shop.orders", "jenkins-other-1",
                Duration.ZERO, line -> { })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> engine.deploy(workspace, request, RegistryAuth.none(), credentials(), temp,
                    log::add))
                    .isInstanceOfSatisfying(DeployException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.APPLY);
                        assertThat(e.getMessage()).contains("(jenkins-other-1, since ", "after waiting 1 s",
                                "The lock wait (1 s) is its own setting, apart from the rollout timeout");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 20 s rollout timeout")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(other.held()).isTrue();
        }
        assertThat(platform.client().apps().deployments().inNamespace("shop").withName(WORKLOAD).get()).isNull();
    }

    private DeployRequest request(String archive, String tag) {
        return new DeployRequest("opta.yaml", null, Map.of(), null, archive, null, platform.registry().address(), tag, false,
                Duration.ofSeconds(20), true, false, false, "https://ci.example.com/job/shop/1/", tag);
    }

    private ClusterCredentials credentials() {
        return new ClusterCredentials.Token(platform.cluster().url(), "canary-token-3f9a", null, false);
    }

    private String lockHolder() {
        Lease lease = platform.client().resources(Lease.class).inNamespace("shop").withName("opta-deploy-shop.orders").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private String manifestDigest(String repository, String tag) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + platform.registry().address() + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }
}
