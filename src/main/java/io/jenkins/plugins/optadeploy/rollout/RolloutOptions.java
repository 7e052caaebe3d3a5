package io.jenkins.plugins.optadeploy.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient the gate is with states that are usually hopeless. A state must persist for its tolerance before the gate
 * fails, so a short flap (one restart, a registry hiccup, a secret created a moment after the deploy) passes.
 *
 * @param imagePullTolerance     how long ErrImagePull / ImagePullBackOff may last (default 20 s; kubelet retries with
 *                               back-off, a missing image or credential does not fix itself)
 * @param configErrorTolerance   how long CreateContainerConfigError may last (default 10 s: a secret or config map
 *                               applied in the same deploy may land a moment later)
 * @param unschedulableTolerance how long a pod may stay unschedulable (default 30 s; raise it when a cluster autoscaler
 *                               adds nodes on demand)
 * @param crashLoopRestarts      restarts at which CrashLoopBackOff counts as hopeless (default 2: one crash is a flap)
 * @param readinessGrace         extra time past the probe's own {@code initialDelaySeconds + periodSeconds x
 *                               failureThreshold} before a running, never-ready container fails (default 10 s)
 * @param logLines               log lines of the crashed container instance shown in a diagnosis (default 30)
 * @param maxEvents              warning events listed in a diagnosis (default 10, most recent first)
 * @param resync                 how long a wait may go without a watch event before it reads the rollout from the API
 *                               server (default 10 s), so a watch that died without closing (an idle connection cut by
 *                               a proxy) cannot stall the gate until its deadline
 */
public record RolloutOptions(
        Duration imagePullTolerance, Duration configErrorTolerance, Duration unschedulableTolerance,
        int crashLoopRestarts, Duration readinessGrace, int logLines, int maxEvents, Duration resync) {

    public static final RolloutOptions DEFAULTS = new RolloutOptions(Duration.ofSeconds(20), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 2, Duration.ofSeconds(10), 30, 10, Duration.ofSeconds(10));

    public RolloutOptions {
        Objects.requireNonNull(imagePullTolerance, "imagePullTolerance");
        Objects.requireNonNull(configErrorTolerance, "configErrorTolerance");
        Objects.requireNonNull(unschedulableTolerance, "unschedulableTolerance");
        Objects.requireNonNull(readinessGrace, "readinessGrace");
        Objects.requireNonNull(resync, "resync");
        if (crashLoopRestarts < 1 || logLines < 0 || maxEvents < 0 || resync.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "crashLoopRestarts must be >= 1, logLines and maxEvents >= 0, resync at least 1 ms");
        }
    }

    /** The same tolerance for image pull errors, config errors and unschedulable pods. */
    public RolloutOptions withTolerance(Duration tolerance) {
        return new RolloutOptions(tolerance, tolerance, tolerance, crashLoopRestarts, readinessGrace, logLines,
                maxEvents, resync);
    }

    public RolloutOptions withReadinessGrace(Duration grace) {
        return new RolloutOptions(imagePullTolerance, configErrorTolerance, unschedulableTolerance, crashLoopRestarts,
                grace, logLines, maxEvents, resync);
    }

    public RolloutOptions withResync(Duration period) {
        return new RolloutOptions(imagePullTolerance, configErrorTolerance, unschedulableTolerance, crashLoopRestarts,
                readinessGrace, logLines, maxEvents, period);
    }
}
