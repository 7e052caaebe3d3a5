package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/** Runs one API call, retrying transient failures (429, 5xx, broken connections) under a {@link RetryPolicy}. */
final class Retrier {

    /** Retries ran out; {@link #getCause()} is the last failure. */
    static final class RetriesExhausted extends KubernetesClientException {
        private static final long serialVersionUID = 1L;

        RetriesExhausted(String message, KubernetesClientException last) {
            super(message, last);
        }
    }

    private final RetryPolicy policy;
    private final ApplyListener listener;

    Retrier(RetryPolicy policy, ApplyListener listener) {
        this.policy = policy;
        this.listener = listener;
    }

    <T> T call(String what, Supplier<T> action) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (KubernetesClientException e) {
                // an interrupted call is a stop, not a broken connection
                if (e instanceof RetriesExhausted || !transient_(e) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                Duration wait = policy.backoff(attempt);
                Integer retryAfter = e.getStatus() == null || e.getStatus().getDetails() == null ? null
                        : e.getStatus().getDetails().getRetryAfterSeconds();
                if (retryAfter != null && retryAfter > 0) {
                    wait = max(wait, Duration.ofSeconds(retryAfter));
                }
                if (attempt >= policy.maxAttempts() || elapsed.plus(wait).compareTo(policy.maxTotal()) > 0) {
                    throw new RetriesExhausted("gave up " + what + " after " + attempt + " attempts in "
                            + elapsed.toSeconds() + " s; last failure: " + describe(e), e);
                }
                listener.progress("retrying " + what + " in " + wait.toMillis() + " ms after " + describe(e)
                        + " (attempt " + (attempt + 1) + " of " + policy.maxAttempts() + ")");
                sleep(wait);
            }
        }
    }

    static boolean transient_(KubernetesClientException e) {
        int code = e.getCode();
        return code == 429 || code >= 500 || (code <= 0 && hasIoCause(e));
    }

    static String describe(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return "a broken connection (" + cause.getClass().getSimpleName() + ")";
        }
        return "HTTP " + e.getCode();
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while waiting to retry");
        }
    }
}
