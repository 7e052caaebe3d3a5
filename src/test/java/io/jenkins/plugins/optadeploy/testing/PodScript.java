package io.jenkins.plugins.optadeploy.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the simulated kubelet (and scheduler) does to one pod: a list of steps, each applied after a delay following
 * the previous one. Every step leaves the pod in a state a real kubelet could report, with the events it would emit.
 */
public final class PodScript {

    /** A change to the pod, {@code after} the previous step. */
    public record Step(Duration after, Consumer<SimPod> change) {
    }

    private final List<Step> steps;

    private PodScript(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public static PodScript of(Step... steps) {
        return new PodScript(List.of(steps));
    }

    public static Step after(Duration delay, Consumer<SimPod> change) {
        return new Step(delay, change);
    }

    /** Scheduled at once, Ready after {@code delay}. */
    public static PodScript readyAfter(Duration delay) {
        return of(after(Duration.ZERO, SimPod::schedule), after(delay, SimPod::runReady));
    }

    /** Never leaves ContainerCreating: for timeouts. */
    public static PodScript stuckCreating() {
        return of(after(Duration.ZERO, SimPod::schedule));
    }

    /** Starts, exits with {@code exitCode} and goes into CrashLoopBackOff, {@code crashes} times. */
    public static PodScript crashLoop(int exitCode, List<String> log, int crashes, Duration every) {
        return crashing(log, crashes, every, p -> p.crash(exitCode, "Error"));
    }

    /** Starts and is killed for exceeding its memory limit, {@code kills} times, going into CrashLoopBackOff. */
    public static PodScript oomKilled(int kills, Duration every) {
        return crashing(List.of("loading the catalogue"), kills, every, SimPod::oomKilled);
    }

    private static PodScript crashing(List<String> log, int crashes, Duration every, Consumer<SimPod> crash) {
        List<Step> steps = new ArrayList<>();
        steps.add(after(Duration.ZERO, SimPod::schedule));
        for (int i = 0; i < crashes; i++) {
            steps.add(after(i == 0 ? Duration.ZERO : every, p -> p.runNotReady(log)));
            steps.add(after(every, crash));
        }
        return new PodScript(steps);
    }

    /** Crashes once, then runs and becomes Ready: a flap the gate must tolerate. */
    public static PodScript flapThenReady(Duration every) {
        return of(after(Duration.ZERO, SimPod::schedule),
                after(Duration.ZERO, p -> p.runNotReady(List.of("starting", "lost the database connection"))),
                after(every, p -> p.crash(1, "Error")),
                after(every, p -> p.runNotReady(List.of("starting", "connected"))),
                after(every, SimPod::runReady));
    }

    /** ErrImagePull, then ImagePullBackOff, as for an image that was never pushed. */
    public static PodScript imageNotFound(Duration backOffAfter) {
        return of(after(Duration.ZERO, SimPod::schedule),
                after(Duration.ZERO, SimPod::imagePullError),
                after(backOffAfter, SimPod::imagePullBackOff));
    }

    /** CreateContainerConfigError for a secret that does not exist. */
    public static PodScript missingSecret(String secret) {
        return of(after(Duration.ZERO, SimPod::schedule),
                after(Duration.ZERO, p -> p.configError("secret \"" + secret + "\" not found")));
    }

    /** The scheduler finds no node. */
    public static PodScript unschedulable(String message) {
        return of(after(Duration.ZERO, p -> p.unschedulable(message)));
    }

    /** Runs but its readiness probe keeps failing; the kubelet reports Unhealthy every {@code every}. */
    public static PodScript readinessFailing(String probeMessage, int failures, Duration every) {
        List<Step> steps = new ArrayList<>();
        steps.add(after(Duration.ZERO, SimPod::schedule));
        steps.add(after(Duration.ZERO, p -> p.runNotReady(List.of("listening on :8080"))));
        for (int i = 0; i < failures; i++) {
            steps.add(after(every, p -> p.unhealthy(probeMessage)));
        }
        return new PodScript(steps);
    }
}
