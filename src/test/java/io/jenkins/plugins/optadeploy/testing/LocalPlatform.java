package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything an end-to-end deploy meets, on this machine: a real docker-registry, the mock API server with its
 * apply emulation, and the rollout simulator playing controller and kubelet. Closed in reverse order.
 */
public final class LocalPlatform implements AutoCloseable {
    /** Tolerances short enough for tests: hopeless states fail within a second instead of 10 to 30 s. */
    public static final RolloutOptions FAST_ROLLOUT =
            RolloutOptions.DEFAULTS.withTolerance(Duration.ofMillis(500)).withReadinessGrace(Duration.ofSeconds(1));

    private final RegistryServer registry;
    private final MockCluster cluster;
    private final RolloutSimulator simulator;
    private final KubernetesClient client;

    private LocalPlatform(RegistryServer registry) {
        this.registry = registry;
        this.cluster = MockCluster.start();
        this.simulator = new RolloutSimulator(cluster);
        this.client = cluster.client();
    }

    /** An open registry; skips the test when docker-registry is not installed. */
    public static LocalPlatform start(Path registryDirectory) throws IOException {
        return new LocalPlatform(RegistryServer.start(registryDirectory));
    }

    /** A registry that accepts only this login. */
    public static LocalPlatform startWithAuth(Path registryDirectory, String username, String password)
            throws IOException {
        return new LocalPlatform(RegistryServer.startWithAuth(registryDirectory, username, password));
    }

    public RegistryServer registry() {
        return registry;
    }

    public MockCluster cluster() {
        return cluster;
    }

    public RolloutSimulator simulator() {
        return simulator;
    }

    /** A client to the mock cluster, for the test's own checks. */
    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        simulator.close();
        cluster.close();
        registry.close();
    }
}
