package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The reads an apply makes before it writes (the namespace, every object for the rollback snapshot, every prunable kind)
 * do not depend on each other: one after the other they cost sixteen round trips, at once about two. Only the caller
 * waits for results, never a read, so the bounded pool cannot deadlock.
 */
final class ConcurrentReads {

    private ConcurrentReads() {
    }

    static <T> CompletableFuture<T> start(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, ClientThreads.READS);
    }

    /** The read's result, or its failure as the read threw it. */
    static <T> T result(CompletableFuture<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while reading the cluster", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
