package io.jenkins.plugins.optadeploy.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedClientsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final MockCluster cluster = MockCluster.start();
    private final ClusterConnector connector = new ClusterConnector();
    private final SharedClients clients = new SharedClients();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void deploysWithTheSameLoginShareOneClientUntilTheLastOneIsDone() {
        ClusterCredentials login = new ClusterCredentials.Token(cluster.url(), "token-a", null, false);
        KubernetesClient first = clients.acquire(connector, login, TIMEOUT);
        KubernetesClient second = clients.acquire(connector, new ClusterCredentials.Token(cluster.url(), "token-a", null,
                false), TIMEOUT);
        KubernetesClient other = clients.acquire(connector, new ClusterCredentials.Token(cluster.url(), "token-b", null,
                false), TIMEOUT);

        assertThat(second).isSameAs(first);
        assertThat(other).isNotSameAs(first);

        clients.release(first);
        assertThat(clients.acquire(connector, login, TIMEOUT)).as("still in use by the second deploy").isSameAs(first);
        clients.release(first);
        clients.release(second);
        assertThat(clients.acquire(connector, login, TIMEOUT)).as("closed after the last user, a new one now")
                .isNotSameAs(first);
        assertThat(first.getHttpClient().isClosed()).isTrue();
        assertThat(other.getHttpClient().isClosed()).isFalse();
    }
}
