package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.CrudServer;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The gate's tests against the CRUD mock, with the simulated control plane playing the controllers and kubelet. */
abstract class SimulatedClusterTest {

    static final String NS = "shop";

    CrudServer server;
    RolloutSimulator simulator;
    KubernetesClient client;

    @BeforeEach
    void start() {
        server = new CrudServer();
        simulator = new RolloutSimulator(server);
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
        server.close();
    }
}
