package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Spots new pods in states that will not fix themselves (rules after Krane's "doomed" containers and Argo CD's pod
 * health) and explains them. A state counts only once it has persisted for its tolerance, so flaps pass: the doctor
 * remembers when it first saw each state and forgets it as soon as the state is gone.
 */
final class PodDoctor {

    private static final Set<String> PULL_ERRORS =
            Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "RegistryUnavailable");
    private static final Pattern MISSING_OBJECT = Pattern.compile("(secret|configmap) \"([^\"]+)\" not found");
    private static final Pattern MISSING_KEY =
            Pattern.compile("couldn't find key (\\S+) in (Secret|ConfigMap) ([^/\\s]+)/(\\S+)");

    private final KubernetesClient client;
    private final String namespace;
    private final RolloutOptions options;
    private final Consumer<Instant> recheckAt;
    private final Map<String, Instant> firstSeen = new HashMap<>();

    PodDoctor(KubernetesClient client, String namespace, RolloutOptions options, Consumer<Instant> recheckAt) {
        this.client = client;
        this.namespace = namespace;
        this.options = options;
        this.recheckAt = recheckAt;
    }

    /** The first hopeless state among the pods, explained; empty while every state is healthy or still tolerated. */
    Optional<Diagnosis> examine(List<Pod> pods, Instant now) {
        Set<String> seen = new HashSet<>();
        Optional<Diagnosis> found = Optional.empty();
        for (Pod pod : pods) {
            found = examine(pod, now, seen);
            if (found.isPresent()) {
                break;
            }
        }
        firstSeen.keySet().retainAll(seen);
        return found;
    }

    private Optional<Diagnosis> examine(Pod pod, Instant now, Set<String> seen) {
        String name = pod.getMetadata().getName();
        Optional<PodCondition> unschedulable = RolloutStatus.condition(pod, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
        if (unschedulable.isPresent() && lasted(name + "/unschedulable", options.unschedulableTolerance(), now, seen)) {
            return Optional.of(unschedulable(pod, unschedulable.get()));
        }
        for (ContainerStatus status : statuses(pod)) {
            String key = name + "/" + status.getName() + "/";
            ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
            String reason = waiting == null ? "" : String.valueOf(waiting.getReason());
            String message = waiting == null || waiting.getMessage() == null ? "" : waiting.getMessage();
            int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
            if ("InvalidImageName".equals(reason)
                    || PULL_ERRORS.contains(reason) && lasted(key + "pull", options.imagePullTolerance(), now, seen)) {
                return Optional.of(imagePull(pod, status, waiting));
            }
            if ("CrashLoopBackOff".equals(reason) && restarts >= options.crashLoopRestarts()) {
                return Optional.of(crashLoop(pod, status));
            }
            boolean configError = "CreateContainerConfigError".equals(reason) && !message.matches("(?s).*failed to sync .* cache.*")
                    || "CreateContainerError".equals(reason);
            if (configError && lasted(key + "config", options.configErrorTolerance(), now, seen)) {
                return Optional.of(configError(pod, status, waiting));
            }
            Optional<Diagnosis> probe = readinessProbe(pod, status, key + "probe", now, seen);
            if (probe.isPresent()) {
                return probe;
            }
        }
        return Optional.empty();
    }

    /** True once the state under {@code key} has lasted {@code tolerance}; schedules a re-check for when it will have. */
    private boolean lasted(String key, Duration tolerance, Instant now, Set<String> seen) {
        seen.add(key);
        Instant since = firstSeen.get(key);
        if (since == null) {
            firstSeen.put(key, now);
            since = now;
            recheckAt.accept(now.plus(tolerance));
        }
        return !now.isBefore(since.plus(tolerance));
    }

    private Optional<Diagnosis> readinessProbe(Pod pod, ContainerStatus status, String key, Instant now, Set<String> seen) {
        boolean runningNotReady = "Running".equals(pod.getStatus().getPhase()) && status.getState() != null
                && status.getState().getRunning() != null && !Boolean.TRUE.equals(status.getReady());
        Probe probe = container(pod, status.getName()).map(Container::getReadinessProbe).orElse(null);
        if (!runningNotReady || probe == null) {
            return Optional.empty();
        }
        Duration window = Duration.ofSeconds(orDefault(probe.getInitialDelaySeconds(), 0)
                        + (long) orDefault(probe.getPeriodSeconds(), 10) * orDefault(probe.getFailureThreshold(), 3))
                .plus(options.readinessGrace());
        if (!lasted(key, window, now, seen)) {
            return Optional.empty();
        }
        String podName = pod.getMetadata().getName();
        Optional<Event> unhealthy = RecentEvents.read(client, namespace).latest(podName, "Unhealthy", "Readiness probe failed");
        if (unhealthy.isEmpty()) {
            // Not ready, but the kubelet reports no failing probe: slow, not hopeless. Look again after one period.
            recheckAt.accept(now.plusSeconds(orDefault(probe.getPeriodSeconds(), 10)));
            return Optional.empty();
        }
        Event event = unhealthy.get();
        int count = event.getCount() == null ? 1 : event.getCount();
        List<String> details = new ArrayList<>();
        details.add("probe: " + describe(probe) + ", initialDelaySeconds " + orDefault(probe.getInitialDelaySeconds(), 0)
                + ", periodSeconds " + orDefault(probe.getPeriodSeconds(), 10) + ", failureThreshold "
                + orDefault(probe.getFailureThreshold(), 3));
        details.add("kubelet: " + event.getMessage() + (count > 1 ? " (x" + count + ")" : ""));
        details.add("hint: check that the application serves the probe on that port and path once it has started, "
                + "and that the probe's delays fit its start-up time");
        return Optional.of(new Diagnosis(Diagnosis.Reason.READINESS_PROBE,
                "Container " + status.getName() + " of pod " + podName + " is running but its readiness probe ("
                        + describe(probe) + ") keeps failing: " + event.getMessage(),
                details));
    }

    private Diagnosis unschedulable(Pod pod, PodCondition condition) {
        return new Diagnosis(Diagnosis.Reason.UNSCHEDULABLE,
                "Pod " + pod.getMetadata().getName() + " cannot be scheduled: " + condition.getMessage(),
                List.of("scheduler: " + condition.getMessage(),
                        "hint: lower the pod's resource requests or add node capacity that matches its node "
                                + "selector and tolerations"));
    }

    private Diagnosis imagePull(Pod pod, ContainerStatus status, ContainerStateWaiting waiting) {
        String image = container(pod, status.getName()).map(Container::getImage).orElse(status.getImage());
        String registry = registry(image);
        String message = waiting.getMessage() == null ? "" : waiting.getMessage();
        List<String> details = new ArrayList<>();
        details.add("image: " + image);
        details.add("registry: " + registry);
        details.add("kubelet: " + (message.isEmpty() ? waiting.getReason() : message));
        String lower = message.toLowerCase();
        if (lower.contains("not found") || lower.contains("manifest unknown")) {
            details.add("hint: the registry does not have this image: was it pushed to " + registry + " before the deploy?");
        } else if (lower.contains("unauthorized") || lower.contains("denied") || lower.contains("authentication")) {
            details.add("hint: the nodes cannot authenticate to " + registry
                    + ": check the pod's imagePullSecrets or the nodes' registry credentials");
        } else if (lower.contains("no such host") || lower.contains("connection refused") || lower.contains("timeout")
                || lower.contains("i/o timeout")) {
            details.add("hint: the nodes cannot reach " + registry + ": check its address from inside the cluster");
        } else {
            details.add("hint: was the image pushed to " + registry
                    + "? Can the cluster's nodes reach and authenticate to it (imagePullSecrets)?");
        }
        return new Diagnosis(Diagnosis.Reason.IMAGE_PULL,
                "Pod " + pod.getMetadata().getName() + " cannot pull image " + image + " from registry " + registry
                        + " (" + waiting.getReason() + ")",
                details);
    }

    private Diagnosis crashLoop(Pod pod, ContainerStatus status) {
        String podName = pod.getMetadata().getName();
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        String exit = last == null ? "exit code unknown"
                : "exit code " + last.getExitCode() + (last.getReason() == null ? "" : " (" + last.getReason() + ")");
        List<String> details = new ArrayList<>();
        if (last != null) {
            details.add("last termination: exit code " + last.getExitCode() + ", reason " + last.getReason()
                    + (last.getMessage() == null || last.getMessage().isBlank() ? "" : ", message " + last.getMessage().strip()));
        }
        details.add("restarts: " + status.getRestartCount());
        details.addAll(previousLog(podName, status.getName()));
        return new Diagnosis(Diagnosis.Reason.CRASH_LOOP,
                "Container " + status.getName() + " of pod " + podName + " keeps crashing (CrashLoopBackOff): " + exit
                        + " after " + status.getRestartCount() + " restarts",
                details);
    }

    private List<String> previousLog(String pod, String container) {
        if (options.logLines() == 0) {
            return List.of();
        }
        try {
            String log = client.pods().inNamespace(namespace).withName(pod).inContainer(container).terminated()
                    .tailingLines(options.logLines()).getLog();
            List<String> lines = log == null ? List.of() : log.lines().toList();
            List<String> shown = lines.subList(Math.max(0, lines.size() - options.logLines()), lines.size());
            List<String> out = new ArrayList<>();
            out.add("last " + shown.size() + " log lines of the previous " + container + " instance:");
            shown.forEach(line -> out.add("| " + line));
            return out;
        } catch (KubernetesClientException e) {
            return List.of("log of the previous " + container + " instance unavailable: "
                    + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getMessage()));
        }
    }

    private Diagnosis configError(Pod pod, ContainerStatus status, ContainerStateWaiting waiting) {
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

    static String describe(Probe probe) {
        if (probe.getHttpGet() != null) {
            var get = probe.getHttpGet();
            String port = get.getPort() == null ? "?" : get.getPort().getIntVal() != null
                    ? String.valueOf(get.getPort().getIntVal()) : get.getPort().getStrVal();
            return (get.getScheme() == null ? "HTTP" : get.getScheme()) + " GET "
                    + (get.getPath() == null ? "/" : get.getPath()) + " on port " + port;
        }
        if (probe.getExec() != null) {
            return "exec " + String.join(" ", probe.getExec().getCommand());
        }
        if (probe.getTcpSocket() != null) {
            var port = probe.getTcpSocket().getPort();
            return "TCP port " + (port.getIntVal() != null ? port.getIntVal() : port.getStrVal());
        }
        if (probe.getGrpc() != null) {
            return "gRPC port " + probe.getGrpc().getPort();
        }
        return "probe";
    }

    static List<ContainerStatus> statuses(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()).toList();
    }

    private static Optional<Container> container(Pod pod, String name) {
        if (pod.getSpec() == null) {
            return Optional.empty();
        }
        return Stream.concat(
                        Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream())
                .filter(c -> name.equals(c.getName())).findFirst();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
