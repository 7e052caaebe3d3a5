package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Waits until a Deployment or StatefulSet has rolled out and every new pod is Ready, or explains why it will not.
 *
 * <p>Watch-based: waits share one set of informers per client and namespace and a fixed handful of gate threads, so
 * many concurrent waits cost no thread each. Verdicts rest on the watch caches, as {@code kubectl rollout status}'s do;
 * the API server is read when the watches have gone quiet and once more at the deadline.
 * Cancelling the returned future (the Jenkins step's abort) stops the wait and releases its watches.
 */
public final class RolloutGate {

    private final RolloutOptions options;

    public RolloutGate() {
        this(RolloutOptions.DEFAULTS);
    }

    public RolloutGate(RolloutOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts waiting; never blocks. The future completes with the outcome (failures are outcomes, not exceptions) and
     * may be cancelled. Re-attaching after a restart is calling this again with the persisted target.
     */
    public CompletableFuture<RolloutOutcome> await(KubernetesClient client, RolloutTarget target, RolloutListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(target, "target");
        RolloutWait wait = new RolloutWait(client, target, options, listener == null ? RolloutListener.NONE : listener);
        wait.start();
        return wait.future();
    }
}
