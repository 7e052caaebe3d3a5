package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The simulated kubelet's view of one pod with one container; turned into a real {@code PodStatus} on every write. */
public final class SimPod {

    /** An event the kubelet or scheduler emits about this pod. */
    public record SimEvent(String type, String reason, String message) {
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    final String namespace;
    final String name;
    final Map<String, String> labels;
    final String container;
    final String image;
    /** The pod's IP, given once its first container starts (after the sandbox, as a kubelet does); null before. */
    String ip;
    final List<List<String>> instanceLogs = new ArrayList<>();
    final List<SimEvent> pendingEvents = new ArrayList<>();
    private String phase = "Pending";
    private Boolean scheduled;
    private String unschedulableMessage;
    private ContainerState state;
    private ContainerState lastState;
    private boolean ready;
    private int restarts;
    private Instant scheduledAt;
    private Instant readySince;
    private Instant notReadySince = Instant.now();

    SimPod(String namespace, String name, Map<String, String> labels, String container, String image) {
        this.namespace = namespace;
        this.name = name;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
        this.container = container;
        this.image = image;
    }

    public String name() {
        return name;
    }

    public String image() {
        return image;
    }

    public boolean ready() {
        return ready;
    }

    public void schedule() {
        scheduled = true;
        scheduledAt = Instant.now();
        state = new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build();
        pendingEvents.add(new SimEvent("Normal", "Scheduled", "Successfully assigned pod to node-1"));
    }

    public void unschedulable(String message) {
        scheduled = false;
        unschedulableMessage = message;
        pendingEvents.add(new SimEvent("Warning", "FailedScheduling", message));
    }

    public void runReady() {
        start(List.of("listening on :8080"));
        setReady(true);
    }

    public void runNotReady(List<String> log) {
        start(log);
        setReady(false);
    }

    private void start(List<String> log) {
        phase = "Running";
        if (ip == null) {
            int n = ADDRESSES.incrementAndGet();
            ip = "10.244." + (n / 250 % 250) + "." + (n % 250 + 1);
        }
        if (state == null || state.getRunning() == null) {
            if (instanceLogs.size() <= restarts) {
                instanceLogs.add(new ArrayList<>(log));
            }
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString()).endRunning()
                    .build();
            pendingEvents.add(new SimEvent("Normal", "Started", "Started container " + container));
        }
    }

    public void crash(int exitCode, String reason) {
        setReady(false);
        lastState = new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withFinishedAt(Instant.now().toString()).endTerminated().build();
        restarts++;
        state = new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 10s restarting failed container=" + container + " pod=" + name).endWaiting()
                .build();
        pendingEvents.add(new SimEvent("Warning", "BackOff", "Back-off restarting failed container " + container
                + " in pod " + name));
    }

    /** The kernel kills the container for exceeding its memory limit; the kubelet restarts it in back-off. */
    public void oomKilled() {
        crash(137, "OOMKilled");
    }

    public void imagePullError() {
        String message = "failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image
                + "\": " + image + ": not found";
        state = new ContainerStateBuilder().withNewWaiting().withReason("ErrImagePull").withMessage(message)
                .endWaiting().build();
        pendingEvents.add(new SimEvent("Warning", "Failed", "Failed to pull image \"" + image + "\": " + message));
    }

    public void imagePullBackOff() {
        state = new ContainerStateBuilder().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().build();
        pendingEvents.add(new SimEvent("Warning", "Failed", "Error: ImagePullBackOff"));
    }

    public void configError(String message) {
        state = new ContainerStateBuilder().withNewWaiting().withReason("CreateContainerConfigError")
                .withMessage(message).endWaiting().build();
        pendingEvents.add(new SimEvent("Warning", "Failed", "Error: " + message));
    }

    public void unhealthy(String message) {
        pendingEvents.add(new SimEvent("Warning", "Unhealthy", "Readiness probe failed: " + message));
    }

    private void setReady(boolean value) {
        if (value != ready) {
            if (value) {
                readySince = Instant.now();
            } else {
                notReadySince = Instant.now();
            }
        }
        ready = value;
    }

    PodStatus status() {
        List<PodCondition> conditions = new ArrayList<>();
        if (scheduled != null) {
            conditions.add(scheduled
                    ? condition("PodScheduled", "True", null, null, scheduledAt)
                    : condition("PodScheduled", "False", "Unschedulable", unschedulableMessage, notReadySince));
        }
        if (Boolean.TRUE.equals(scheduled)) {
            Instant since = ready ? readySince : notReadySince;
            conditions.add(condition("ContainersReady", ready ? "True" : "False", ready ? null : "ContainersNotReady",
                    null, since));
            conditions.add(condition("Ready", ready ? "True" : "False", ready ? null : "ContainersNotReady", null, since));
        }
        List<ContainerStatus> containers = state == null ? List.of() : List.of(new ContainerStatusBuilder()
                .withName(container).withImage(image).withReady(ready).withRestartCount(restarts)
                .withStarted(state.getRunning() != null).withState(state).withLastState(lastState).build());
        PodStatusBuilder status = new PodStatusBuilder().withPhase(phase).withConditions(conditions)
                .withContainerStatuses(containers);
        if (ip != null) {
            status.withPodIP(ip).addNewPodIP().withIp(ip).endPodIP();
        }
        return status.build();
    }

    private static PodCondition condition(String type, String status, String reason, String message, Instant at) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(at == null ? null : at.toString()).build();
    }
}
