package io.jenkins.plugins.optadeploy.image;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The thread pools of a push and the waits on their tasks. */
final class PushThreads {
    private static final int PARALLEL_UPLOADS = 5;
    private static final long AWAIT_SLICE_MS = 100;

    private PushThreads() {
    }

    /** Uploads mostly wait on the registry; at most as many at once as Docker sends. */
    static ExecutorService uploads(String role, int blobs) {
        return pool(role, Math.max(1, Math.min(blobs, PARALLEL_UPLOADS)));
    }

    /** Daemon threads named for a thread dump: a push never keeps a JVM alive. */
    static ExecutorService pool(String role, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "opta-deploy push " + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The task's result, or the guard's failure as soon as a guard ends the push: a task may still sit in Jib's
     * back-off pause, and is interrupted when the pools shut down.
     */
    static <T> T await(Future<T> task, StallGuard... guards)
            throws ExecutionException, InterruptedException, RegistryStallException {
        while (true) {
            try {
                return task.get(AWAIT_SLICE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                for (StallGuard guard : guards) {
                    guard.throwIfFailed(null);
                }
            }
        }
    }
}
