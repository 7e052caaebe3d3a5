package io.jenkins.plugins.optadeploy.apply;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads the apply stage owns, shared by every deploy in the JVM; idle ones die, so an idle JVM keeps none. */
final class ClientThreads {

    /**
     * What every cluster client runs its callbacks on (watch events, informer handlers). fabric8's default is an
     * unbounded pool per client that grows with each burst of events (fifty deploys starting at once: 11 threads added
     * instead of 7 in {@code bench/concurrent}). The callbacks only update caches and wake a waiting deploy, never
     * block, so a few threads serve them all.
     */
    static final Executor CALLBACKS = pool("opta-k8s-client-", 4);

    /** The reads before an apply ({@link ConcurrentReads}); they block, so they never share the callbacks' threads. */
    static final Executor READS = pool("opta-apply-read-", 8);

    private ClientThreads() {
    }

    private static Executor pool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
