package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** The scheduler finds no node for the pod (PodScheduled=False, Unschedulable) for the unschedulable tolerance. */
final class Unschedulable implements HopelessState {

    @Override
    public Optional<Diagnosis> diagnose(Pod pod, Examination exam) {
        String name = pod.getMetadata().getName();
        return Pods.condition(pod, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                .filter(c -> exam.lasted(name + "/unschedulable", exam.options.unschedulableTolerance()))
                .map(c -> new Diagnosis(Diagnosis.Reason.UNSCHEDULABLE,
                        "Pod " + name + " cannot be scheduled: " + c.getMessage(),
                        List.of("scheduler: " + c.getMessage(),
                                "hint: lower the pod's resource requests or add node capacity that matches its node "
                                        + "selector and tolerations")));
    }
}
