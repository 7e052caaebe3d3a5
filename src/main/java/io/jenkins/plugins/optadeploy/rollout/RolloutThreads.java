package io.jenkins.plugins.optadeploy.rollout;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only threads the gate owns, shared by every wait in the JVM: one timer for deadlines, tolerance windows and
 * resyncs, a small pool that evaluates waits and makes the few blocking reads (resync and deadline reads, logs, events),
 * and a small pool for reads made alongside an evaluation (never waiting on anything itself, so it cannot deadlock the
 * evaluators). All let idle threads die, so a JVM with nothing to wait for keeps none.
 */
final class RolloutThreads {

    private static final int EVALUATORS = 4;

    static final ScheduledExecutorService TIMER = timer();
    static final Executor EVALUATOR = pool("opta-rollout-eval");
    static final Executor READER = pool("opta-rollout-read");

    private RolloutThreads() {
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("opta-rollout-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    private static Executor pool(String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(EVALUATORS, EVALUATORS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
