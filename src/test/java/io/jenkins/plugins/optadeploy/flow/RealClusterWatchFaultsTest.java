package io.jenkins.plugins.optadeploy.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.report.DeployReport.Outcome;
import io.jenkins.plugins.optadeploy.testing.HeldService;
import io.jenkins.plugins.optadeploy.testing.LocalPlatform;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import io.jenkins.plugins.optadeploy.testing.TcpRelay;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout gate's watches against the real API server, through a TCP relay that cuts every connection while the
 * rollout completes. The gate's resync read is pushed out of reach (10 min), so only the watches can end the wait:
 * after a plain cut they resume from their resource version and get the events they missed from the server; after
 * etcd compacted those away, the server answers 410 Gone and the informers re-list.
 */
class RealClusterWatchFaultsTest {
    private static final Duration NO_RESYNC = Duration.ofMinutes(10);

    private final RealControlPlane plane = RealControlPlane.shared();
    private final DeployEngine engine = new DeployEngine(new ClusterConnector(),
            LocalPlatform.FAST_ROLLOUT.withResync(NO_RESYNC));
    private final List<String> log = new CopyOnWriteArrayList<>();

    @TempDir
    Path workspace;
    @TempDir
    Path temp;

    private TcpRelay relay;
    private HeldService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aWatchCutWhileThePodsTurnReadyResumesFromItsResourceVersion() throws Exception {
        DeployReport report = deployCuttingTheWatches("rc-watch-resume", false);

        assertThat(report.outcome()).as(String.join("\n", log)).isEqualTo(Outcome.SUCCEEDED);
        List<RealControlPlane.AuditedRequest> pods = podRequests("rc-watch-resume");
        assertThat(pods).as("one list, then a watch, then after the cut a watch from a resource version: %s", pods)
                .filteredOn(r -> r.verb().equals("list")).hasSize(1);
        assertThat(pods.get(pods.size() - 1).verb()).isEqualTo("watch");
        assertThat(pods.get(pods.size() - 1).requestUri()).containsPattern("resourceVersion=[1-9]");
        assertThat(pods).filteredOn(r -> r.verb().equals("watch")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aWatchResumingFromACompactedVersionGets410AndReLists() throws Exception {
        DeployReport report = deployCuttingTheWatches("rc-watch-gone", true);

        assertThat(report.outcome()).as(String.join("\n", log)).isEqualTo(Outcome.SUCCEEDED);
        List<RealControlPlane.AuditedRequest> pods = podRequests("rc-watch-gone");
        assertThat(pods).as("the watch from the compacted version got 410, then a re-list: %s", pods)
                .filteredOn(r -> r.verb().equals("list")).hasSize(2);
    }

    private DeployReport deployCuttingTheWatches(String layer, boolean compact) throws Exception {
        URI server = URI.create(plane.server());
        relay = new TcpRelay(server.getHost(), server.getPort());
        service = HeldService.write(plane, workspace, layer);
        DeployRequest request = new DeployRequest("opta.yaml", null, Map.of(), null, null, null, null, null, false,
                Duration.ofSeconds(90), true, false, false, null, "watch-test");
        ClusterCredentials viaRelay = new ClusterCredentials.Kubeconfig(plane.kubeconfigVia(relay.httpsUrl()), null);
        CompletableFuture<DeployReport> deploy = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.deploy(workspace, request, RegistryAuth.none(), viaRelay, temp, log::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waitFor(() -> log.stream().anyMatch(l -> l.contains("0/1 new pods ready")), "the gate to see the new pod");

        relay.cutAndRefuse();
        service.makeReady();
        plane.admin().apps().deployments().inNamespace(layer).withName(service.workload()).waitUntilCondition(d ->
                d.getStatus() != null && Objects.equals(d.getStatus().getAvailableReplicas(), 1)
                        && Objects.equals(d.getStatus().getUpdatedReplicas(), 1), 60, TimeUnit.SECONDS);
        assertThat(deploy).as("nothing reaches the gate while the relay refuses").isNotDone();
        if (compact) {
            plane.compact();
        }
        relay.restore();

        return deploy.get(80, TimeUnit.SECONDS);
    }

    /** The gate's lists and watches of pods in the namespace (the simulator watches all namespaces at once). */
    private List<RealControlPlane.AuditedRequest> podRequests(String namespace) throws Exception {
        return plane.listsAndWatches().stream()
                .filter(r -> r.requestUri().startsWith("/api/v1/namespaces/" + namespace + "/pods"))
                .toList();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
