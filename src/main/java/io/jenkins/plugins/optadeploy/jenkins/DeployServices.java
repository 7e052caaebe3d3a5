package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a deploy needs from its surroundings: the engine, the credential lookup, the global defaults and the threads
 * the asynchronous step runs its blocking phases on. Jenkins uses {@link #JENKINS}; tests substitute their own.
 */
record DeployServices(DeployPhases engine, CredentialLookup credentials, Supplier<DeployDefaults> defaults,
        ExecutorService executor) {

    /**
     * Jenkins has shared pools for this (jenkins.util.Timer, Computer.threadPoolForRemoting), but they are outside the
     * API surface this build verifies against real Jenkins, so the plugin keeps one small pool of daemon threads.
     * Threads only carry blocking work (agent call, apply); waiting for a rollout holds none.
     */
    private static final ExecutorService SHARED_EXECUTOR = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "optaDeploy-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    static final DeployServices JENKINS = new DeployServices(DeployPhases.of(new DeployEngine()), CredentialLookup.JENKINS,
            OptaDeployGlobalConfiguration::defaults, SHARED_EXECUTOR);

    private static volatile DeployServices current = JENKINS;

    static DeployServices current() {
        return current;
    }

    /** Tests only: substitute the services; returns the previous ones to restore. */
    static DeployServices replaceForTests(DeployServices services) {
        DeployServices previous = current;
        current = services;
        return previous;
    }
}
