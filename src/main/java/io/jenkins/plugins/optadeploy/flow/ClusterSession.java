package io.jenkins.plugins.optadeploy.flow;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.apply.LockRefusedException;
import io.jenkins.plugins.optadeploy.apply.LockTimeoutException;
import io.jenkins.plugins.optadeploy.apply.ServiceLock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * One deploy's hold on the cluster: its (shared) client, the service lock once taken, and the rollout wait while one
 * runs. Opened and ended only through {@link ClusterSessions}; {@link #close} is the one place that gives the lock
 * and the client back.
 */
final class ClusterSession {
    final String id = UUID.randomUUID().toString();
    private final KubernetesClient client;
    private final SharedClients clients;
    private ServiceLock lock;
    private volatile Future<?> wait;
    private boolean closed;

    ClusterSession(KubernetesClient client, SharedClients clients) {
        this.client = client;
        this.clients = clients;
    }

    KubernetesClient client() {
        return client;
    }

    /** Takes the service's lock, waiting up to {@code maxWait} for another deploy to release it. */
    void lock(String namespace, String service, String holder, Duration maxWait, DeployLog log)
            throws LockTimeoutException, LockRefusedException, InterruptedException {
        ServiceLock taken = ServiceLock.acquire(client, namespace, service, holder, maxWait, log::line);
        synchronized (this) {
            lock = taken;
        }
    }

    void watching(Future<?> rolloutWait) {
        wait = rolloutWait;
    }

    /** Stops the rollout wait, if one runs: its conclusion then leaves the cleanup to whoever stopped it. */
    void stopWatching() {
        Future<?> running = wait;
        if (running != null) {
            running.cancel(true);
        }
    }

    /** Releases the lock (if taken), then this deploy's use of the client. Idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (lock != null) {
                lock.close();
            }
        } finally {
            clients.release(client);
        }
    }
}
