package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The container keeps exiting (CrashLoopBackOff) and has restarted the configured number of times: one crash is a
 * flap, a loop is not. Explained with the last exit and the previous instance's log.
 */
final class CrashLoop implements HopelessState {

    @Override
    public Optional<Diagnosis> diagnose(Pod pod, ContainerStatus status, Examination exam) {
        if (!inCrashLoop(status, exam.options)) {
            return Optional.empty();
        }
        String podName = pod.getMetadata().getName();
        ContainerStateTerminated last = Pods.lastTermination(status);
        String exit = last == null ? "exit code unknown"
                : "exit code " + last.getExitCode() + (last.getReason() == null ? "" : " (" + last.getReason() + ")");
        List<String> details = new ArrayList<>();
        if (last != null) {
            details.add("last termination: exit code " + last.getExitCode() + ", reason " + last.getReason()
                    + (last.getMessage() == null || last.getMessage().isBlank() ? "" : ", message " + last.getMessage().strip()));
        }
        details.add("restarts: " + status.getRestartCount());
        details.addAll(exam.previousLog(podName, status.getName()));
        return Optional.of(new Diagnosis(Diagnosis.Reason.CRASH_LOOP,
                "Container " + status.getName() + " of pod " + podName + " keeps crashing (CrashLoopBackOff): " + exit
                        + " after " + status.getRestartCount() + " restarts",
                details));
    }

    /** Restarting in back-off at least {@code crashLoopRestarts} times: also the ground {@link OomKill} stands on. */
    static boolean inCrashLoop(ContainerStatus status, RolloutOptions options) {
        return "CrashLoopBackOff".equals(Pods.waitingReason(status)) && Pods.restarts(status) >= options.crashLoopRestarts();
    }
}
