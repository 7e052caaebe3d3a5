package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.ClusterConnectionException;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The open cluster sessions of the deploys running in one JVM, the clients they share and the threads that finish
 * their rollouts. A deploy's session lives from {@link DeployEngine#release} to the end of its rollout wait or its
 * abort, which may come through another engine than the one that released it: so one object is kept per JVM (the
 * Jenkins plugin keeps one; each CLI run makes its own) and handed to every engine that serves those deploys.
 */
public final class ClusterSessions {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, ClusterSession> open = new ConcurrentHashMap<>();
    private final SharedClients clients = new SharedClients();
    /** Finishing a rollout may roll back (blocking API calls): kept off the gate's few watch threads. */
    private final ExecutorService finisher = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "opta-deploy finisher");
        thread.setDaemon(true);
        return thread;
    });

    /** Connects (or shares the client of an earlier deploy with the same login) and records the session. */
    ClusterSession open(ClusterConnector connector, ClusterCredentials cluster) throws DeployException {
        ClusterSession session;
        try {
            session = new ClusterSession(clients.acquire(connector, cluster, REQUEST_TIMEOUT), clients);
        } catch (ClusterConnectionException e) {
            throw new DeployException(Stage.APPLY, e.getMessage());
        }
        open.put(session.id, session);
        return session;
    }

    /** The open session with this id, or null (never opened in this JVM, or ended). */
    ClusterSession find(String id) {
        return id == null ? null : open.get(id);
    }

    /** Ends a session: the only way one closes. Ending it again, or an unknown id, does nothing. */
    void end(String id) {
        ClusterSession session = id == null ? null : open.remove(id);
        if (session != null) {
            session.close();
        }
    }

    Executor finisher() {
        return finisher;
    }
}
