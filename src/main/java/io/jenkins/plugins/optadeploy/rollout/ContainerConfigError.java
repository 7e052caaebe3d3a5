package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet cannot create the container (CreateContainerConfigError: a missing secret, config map or key;
 * CreateContainerError) for the config tolerance: a secret applied in the same deploy may land a moment later. A
 * kubelet whose caches have not synced yet says so in the message; that passes.
 */
final class ContainerConfigError implements HopelessState {

    private static final Pattern MISSING_OBJECT = Pattern.compile("(secret|configmap) \"([^\"]+)\" not found");
    private static final Pattern MISSING_KEY =
            Pattern.compile("couldn't find key (\\S+) in (Secret|ConfigMap) ([^/\\s]+)/(\\S+)");

    @Override
    public Optional<Diagnosis> diagnose(Pod pod, ContainerStatus status, Examination exam) {
        Optional<ContainerStateWaiting> waiting = Pods.waiting(status);
        String reason = Pods.waitingReason(status);
        String message = waiting.map(ContainerStateWaiting::getMessage).orElse("");
        boolean configError = "CreateContainerConfigError".equals(reason)
                && !message.matches("(?s).*failed to sync .* cache.*")
                || "CreateContainerError".equals(reason);
        String key = pod.getMetadata().getName() + "/" + status.getName() + "/config";
        if (!configError || !exam.lasted(key, exam.options.configErrorTolerance())) {
            return Optional.empty();
        }
        return Optional.of(explain(pod, status, waiting.get(), exam.namespace));
    }

    private static Diagnosis explain(Pod pod, ContainerStatus status, ContainerStateWaiting waiting, String namespace) {
        String message = waiting.getMessage() == null ? waiting.getReason() : waiting.getMessage();
        List<String> details = new ArrayList<>();
        Matcher object = MISSING_OBJECT.matcher(message);
        Matcher key = MISSING_KEY.matcher(message);
        if (object.find()) {
            details.add("missing: " + object.group(1) + " \"" + object.group(2) + "\" in namespace " + namespace);
            details.add("hint: create the " + object.group(1) + " (or remove the reference from the spec) and deploy again");
        } else if (key.find()) {
            details.add("missing: key " + key.group(1) + " in " + key.group(2) + " " + key.group(3) + "/" + key.group(4));
            details.add("hint: add the key (or fix the reference in the spec) and deploy again");
        }
        details.add("kubelet: " + message);
        return new Diagnosis(Diagnosis.Reason.CONTAINER_CONFIG,
                "Container " + status.getName() + " of pod " + pod.getMetadata().getName() + " cannot start: " + message
                        + " (" + waiting.getReason() + ")",
                details);
    }
}
