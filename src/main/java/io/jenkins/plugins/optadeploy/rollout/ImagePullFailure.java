package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The kubelet cannot pull the container's image: an invalid name at once, pull errors once they outlast the pull
 * tolerance (the kubelet retries with back-off; a missing image or credential does not fix itself).
 */
final class ImagePullFailure implements HopelessState {

    private static final Set<String> PULL_ERRORS =
            Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "RegistryUnavailable");

    @Override
    public Optional<Diagnosis> diagnose(Pod pod, ContainerStatus status, Examination exam) {
        String reason = Pods.waitingReason(status);
        String key = pod.getMetadata().getName() + "/" + status.getName() + "/pull";
        if ("InvalidImageName".equals(reason)
                || PULL_ERRORS.contains(reason) && exam.lasted(key, exam.options.imagePullTolerance())) {
            return Optional.of(explain(pod, status, Pods.waiting(status).orElseThrow()));
        }
        return Optional.empty();
    }

    private static Diagnosis explain(Pod pod, ContainerStatus status, ContainerStateWaiting waiting) {
        String image = Pods.container(pod, status.getName()).map(Container::getImage).orElse(status.getImage());
        String registry = registry(image);
        String message = waiting.getMessage() == null ? "" : waiting.getMessage();
        List<String> details = new ArrayList<>();
        details.add("image: " + image);
        details.add("registry: " + registry);
        details.add("kubelet: " + (message.isEmpty() ? waiting.getReason() : message));
        details.add(hint(message.toLowerCase(), registry));
        return new Diagnosis(Diagnosis.Reason.IMAGE_PULL,
                "Pod " + pod.getMetadata().getName() + " cannot pull image " + image + " from registry " + registry
                        + " (" + waiting.getReason() + ")",
                details);
    }

    private static String hint(String message, String registry) {
        if (message.contains("not found") || message.contains("manifest unknown")) {
            return "hint: the registry does not have this image: was it pushed to " + registry + " before the deploy?";
        }
        if (message.contains("unauthorized") || message.contains("denied") || message.contains("authentication")) {
            return "hint: the nodes cannot authenticate to " + registry
                    + ": check the pod's imagePullSecrets or the nodes' registry credentials";
        }
        if (message.contains("no such host") || message.contains("connection refused") || message.contains("timeout")) {
            return "hint: the nodes cannot reach " + registry + ": check its address from inside the cluster";
        }
        return "hint: was the image pushed to " + registry
                + "? Can the cluster's nodes reach and authenticate to it (imagePullSecrets)?";
    }

    /** The registry an image reference resolves to, as the container runtime reads it. */
    static String registry(String image) {
        if (image == null) {
            return "unknown";
        }
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }
}
