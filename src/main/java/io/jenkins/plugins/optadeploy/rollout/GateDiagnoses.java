package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The gate's own diagnoses, beside the pods' hopeless states: a rollout that stalled, a workload gone, no watch. */
final class GateDiagnoses {

    private GateDiagnoses() {
    }

    static Diagnosis watchFailed(RolloutTarget target, Throwable error) {
        return new Diagnosis(Diagnosis.Reason.WATCH_FAILED,
                "Cannot watch " + target.describe() + " and its pods: " + message(error),
                List.of("hint: the credentials need get, list and watch on " + target.workloadKind().watchedResources()
                        + " and events in namespace " + target.namespace()));
    }

    static Diagnosis missing(RolloutTarget target) {
        return new Diagnosis(Diagnosis.Reason.WORKLOAD_MISSING, target.describe() + " does not exist",
                List.of("hint: was it applied to namespace " + target.namespace() + ", or deleted since?"));
    }

    /** A rollout that stopped moving (timeout, progress deadline): every new pod's last state and the recent warnings. */
    static Diagnosis stalled(KubernetesClient client, RolloutTarget target, RolloutOptions options, RolloutStatus status,
                              String what, Diagnosis.Reason reason, String lastError) {
        List<String> details = new ArrayList<>();
        details.add("last status: " + status.line());
        if (status.newPods().isEmpty()) {
            details.add("no new pods were created");
        } else {
            details.add("new pods:");
            NewPodsReport.states(status).forEach(s -> details.add("  " + s.describe()));
        }
        Set<String> involved = new LinkedHashSet<>(List.of(target.name()));
        if (status.revision() != null) {
            involved.add(status.revision().replaceFirst(" \\(revision .*\\)$", ""));
        }
        status.newPods().forEach(p -> involved.add(p.getMetadata().getName()));
        List<String> warnings = RecentEvents.read(client, target.namespace()).warnings(involved, options.maxEvents());
        if (warnings.isEmpty()) {
            details.add("no warning events");
        } else {
            details.add("recent warning events:");
            warnings.forEach(w -> details.add("  " + w));
        }
        if (lastError != null) {
            details.add("last API error: " + lastError);
        }
        return new Diagnosis(reason, target.describe() + " " + what + " (" + progressOf(target, status) + ")", details);
    }

    /** The progress line without the workload's name, which the summary already starts with. */
    private static String progressOf(RolloutTarget target, RolloutStatus status) {
        String line = status.line();
        return line.startsWith(target.describe()) ? line.substring(target.describe().length()).replaceFirst("^:? ", "")
                : line;
    }

    /** What went wrong, as the API server put it (its Status message), without URLs or exception names. */
    static String message(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof KubernetesClientException)) {
            cause = cause.getCause();
        }
        if (cause instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + " (HTTP " + k.getCode() + ")";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
