package io.jenkins.plugins.optadeploy.flow;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One client per cluster login, shared by the deploys of one {@link ClusterSessions}. The rollout gate shares its
 * watches per client, so concurrent deploys to one cluster cost no thread each; the client closes when its last
 * deploy is done.
 */
final class SharedClients {
    private final Map<ClusterCredentials, KubernetesClient> byLogin = new HashMap<>();
    private final Map<KubernetesClient, Integer> users = new IdentityHashMap<>();

    synchronized KubernetesClient acquire(ClusterConnector connector, ClusterCredentials login, Duration timeout) {
        KubernetesClient client = byLogin.get(login);
        if (client == null) {
            client = connector.connect(login, timeout);
            byLogin.put(login, client);
        }
        users.merge(client, 1, Integer::sum);
        return client;
    }

    synchronized void release(KubernetesClient client) {
        Integer left = users.merge(client, -1, Integer::sum);
        if (left != null && left <= 0) {
            users.remove(client);
            byLogin.values().remove(client);
            client.close();
        }
    }
}
