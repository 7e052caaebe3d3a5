package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The new pods as an outcome reports them: each one's last state and milestones, with when this gate saw it Ready. */
final class NewPodsReport {

    private final Map<String, Instant> readyObserved = new HashMap<>();

    /** Remembers when each pod was first seen Ready, on the local clock. */
    void observe(List<Pod> newPods, Instant now) {
        newPods.stream().filter(Pods::isReady).forEach(p -> readyObserved.putIfAbsent(p.getMetadata().getName(), now));
    }

    List<PodTimeline> timeline(RolloutStatus status) {
        return status.newPods().stream().map(p -> new PodTimeline(
                p.getMetadata().getName(),
                Timestamps.parse(p.getMetadata().getCreationTimestamp()),
                transition(p, "PodScheduled"),
                transition(p, "Ready"),
                readyObserved.get(p.getMetadata().getName()))).toList();
    }

    static List<PodState> states(RolloutStatus status) {
        return status.newPods().stream().map(NewPodsReport::state).toList();
    }

    private static Instant transition(Pod pod, String type) {
        return Pods.condition(pod, type).filter(c -> "True".equals(c.getStatus()))
                .map(c -> Timestamps.parse(c.getLastTransitionTime())).orElse(null);
    }

    static PodState state(Pod pod) {
        List<String> containers = new ArrayList<>();
        int restarts = 0;
        for (ContainerStatus c : Pods.statuses(pod)) {
            restarts += Pods.restarts(c);
            containers.add(c.getName() + ": " + describe(c));
        }
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
        Pods.condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()))
                .ifPresent(c -> containers.add("unscheduled: " + c.getReason() + " (" + c.getMessage() + ")"));
        return new PodState(pod.getMetadata().getName(), phase, Pods.isReady(pod), restarts, containers);
    }

    private static String describe(ContainerStatus status) {
        ContainerState state = status.getState();
        String now;
        if (state == null) {
            now = "no state yet";
        } else if (state.getWaiting() != null) {
            now = "waiting " + state.getWaiting().getReason()
                    + (state.getWaiting().getMessage() == null ? "" : " (" + state.getWaiting().getMessage() + ")");
        } else if (state.getTerminated() != null) {
            now = "terminated " + state.getTerminated().getReason() + " (exit " + state.getTerminated().getExitCode() + ")";
        } else {
            now = Boolean.TRUE.equals(status.getReady()) ? "running, ready" : "running, not ready";
        }
        var last = Pods.lastTermination(status);
        if (last != null) {
            now += ", last exit " + last.getExitCode() + " (" + last.getReason() + ")";
        }
        return now;
    }
}
