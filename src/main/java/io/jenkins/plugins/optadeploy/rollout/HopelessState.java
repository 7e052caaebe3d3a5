package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * One pod state that will not fix itself, and how to explain it. A state is judged per pod, or per container for the
 * container states; it counts once it has lasted its tolerance ({@link Examination#lasted}), so flaps pass.
 */
interface HopelessState {

    /** The diagnosis when the pod is in this state for long enough; empty otherwise. */
    default Optional<Diagnosis> diagnose(Pod pod, Examination exam) {
        for (ContainerStatus status : Pods.statuses(pod)) {
            Optional<Diagnosis> found = diagnose(pod, status, exam);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The same for one container of the pod. */
    default Optional<Diagnosis> diagnose(Pod pod, ContainerStatus container, Examination exam) {
        return Optional.empty();
    }
}
