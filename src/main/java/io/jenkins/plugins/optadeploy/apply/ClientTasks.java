package io.jenkins.plugins.optadeploy.apply;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every cluster client of this JVM runs its callbacks on (watch events, informer handlers). fabric8's
 * default is an unbounded pool per client that grows with each burst of events (fifty deploys starting at once:
 * 11 threads added instead of 7 in {@code bench/concurrent}). The callbacks only update caches and wake a waiting
 * deploy, never block, so a few threads serve them all.
 */
final class ClientTasks {

    private static final int THREADS = 4;

    static final Executor POOL = pool();

    private ClientTasks() {
    }

    private static Executor pool() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "opta-k8s-client-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
