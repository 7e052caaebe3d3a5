package io.jenkins.plugins.optadeploy.rollout;

/**
 * The last state of a new pod as the gate saw it.
 *
 * @param containers one entry per container, e.g. {@code app: waiting CrashLoopBackOff, last exit 1 (Error)}
 */
public record PodState(String pod, String phase, boolean ready, int restarts, java.util.List<String> containers) {

    public PodState {
        containers = java.util.List.copyOf(containers);
    }

    /** {@code web-5d9c-abcde: Running, not ready, 3 restarts; app: waiting CrashLoopBackOff}. */
    public String describe() {
        return pod + ": " + phase + ", " + (ready ? "ready" : "not ready") + ", " + restarts
                + (restarts == 1 ? " restart" : " restarts")
                + (containers.isEmpty() ? "" : "; " + String.join("; ", containers));
    }
}
