package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Null-safe reads of a pod's spec and status, shared by the workload kinds and the hopeless states. */
final class Pods {

    private Pods() {
    }

    static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Init containers first, as the kubelet starts them. */
    static List<ContainerStatus> statuses(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()).toList();
    }

    static Optional<Container> container(Pod pod, String name) {
        if (pod.getSpec() == null) {
            return Optional.empty();
        }
        return Stream.concat(
                        Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream())
                .filter(c -> name.equals(c.getName())).findFirst();
    }

    /** The reason the container is waiting ({@code CrashLoopBackOff}...), or empty when it is not waiting. */
    static Optional<ContainerStateWaiting> waiting(ContainerStatus status) {
        return Optional.ofNullable(status.getState()).map(s -> s.getWaiting());
    }

    static String waitingReason(ContainerStatus status) {
        return waiting(status).map(ContainerStateWaiting::getReason).orElse("");
    }

    /** How the previous instance of the container ended; null when it has not ended yet. */
    static ContainerStateTerminated lastTermination(ContainerStatus status) {
        return status.getLastState() == null ? null : status.getLastState().getTerminated();
    }

    static int restarts(ContainerStatus status) {
        return status.getRestartCount() == null ? 0 : status.getRestartCount();
    }

    static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
