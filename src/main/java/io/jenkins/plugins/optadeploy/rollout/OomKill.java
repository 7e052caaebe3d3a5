package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A crash loop whose last instance the kernel killed for exceeding its memory limit (OOMKilled): the application's
 * code is not at fault, its limit is, so the diagnosis names the limit rather than the exit code.
 */
final class OomKill implements HopelessState {

    @Override
    public Optional<Diagnosis> diagnose(Pod pod, ContainerStatus status, Examination exam) {
        ContainerStateTerminated last = Pods.lastTermination(status);
        if (last == null || !"OOMKilled".equals(last.getReason()) || !CrashLoop.inCrashLoop(status, exam.options)) {
            return Optional.empty();
        }
        String podName = pod.getMetadata().getName();
        String limit = Pods.container(pod, status.getName())
                .map(c -> c.getResources() == null || c.getResources().getLimits() == null ? null
                        : c.getResources().getLimits().get("memory"))
                .map(Quantity::toString).orElse("none set");
        List<String> details = new ArrayList<>();
        details.add("memory limit: " + limit);
        details.add("restarts: " + status.getRestartCount() + ", each ended by the kernel's OOM killer (exit code "
                + last.getExitCode() + ")");
        details.addAll(exam.previousLog(podName, status.getName()));
        details.add("hint: raise the container's memory limit (resources.limits.memory in opta.yaml) or lower the "
                + "application's memory use");
        return Optional.of(new Diagnosis(Diagnosis.Reason.OOM_KILLED,
                "Container " + status.getName() + " of pod " + podName + " keeps running out of memory (OOMKilled, "
                        + "limit " + limit + ") after " + status.getRestartCount() + " restarts",
                details));
    }
}
