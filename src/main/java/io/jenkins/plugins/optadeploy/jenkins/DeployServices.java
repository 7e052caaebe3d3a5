package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.flow.ClusterSessions;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.rollout.RolloutOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a deploy needs from its surroundings: the engine (its controller-side phases; the agent makes its own for
 * prepare, see {@link PrepareOnAgent}), the credential lookup, the global defaults and the
 * threads the asynchronous step runs its blocking phases on. Handed in to each front end (the builder's perform, the step's
 * execution when it starts and when it resumes); in Jenkins it is the one of {@link #jenkins()}, tests hand in
 * their own.
 */
record DeployServices(DeployEngine engine, CredentialLookup credentials, Supplier<DeployDefaults> defaults,
        ExecutorService executor) {

    /**
     * The controller's services, made once by the plugin's global configuration (an extension Jenkins keeps for its
     * lifetime); the engine and the pool live as long as it does.
     */
    static DeployServices jenkins() {
        OptaDeployGlobalConfiguration config = OptaDeployGlobalConfiguration.get();
        if (config == null) {
            throw new IllegalStateException("Jenkins is not running: hand the deploy its services");
        }
        return config.services();
    }

    /**
     * The services Jenkins runs with. Jenkins has shared pools (jenkins.util.Timer, Computer.threadPoolForRemoting),
     * but they are outside the API surface this build verifies against real Jenkins, so the plugin keeps one small
     * pool of daemon threads. Threads only carry blocking work (agent call, apply); waiting for a rollout holds none.
     * One {@link ClusterSessions} per controller: an abort or a resume reaches the session of the deploy it stops.
     */
    static DeployServices forJenkins(Supplier<DeployDefaults> defaults) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "optaDeploy-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        DeployEngine engine = new DeployEngine(new ClusterConnector(), RolloutOptions.DEFAULTS, new ClusterSessions());
        return new DeployServices(engine, CredentialLookup.JENKINS, defaults, Executors.newCachedThreadPool(daemons));
    }
}
