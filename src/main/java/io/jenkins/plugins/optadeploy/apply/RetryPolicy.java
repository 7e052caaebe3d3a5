package io.jenkins.plugins.optadeploy.apply;

import java.time.Duration;

/** Bounded exponential backoff: at most {@code maxAttempts} tries within {@code maxTotal}. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(8),
            Duration.ofSeconds(60));

    Duration backoff(int failedAttempts) {
        long millis = initialBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
