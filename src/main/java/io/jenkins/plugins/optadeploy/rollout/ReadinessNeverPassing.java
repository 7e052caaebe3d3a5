package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running container whose readiness probe keeps failing past its own {@code initialDelaySeconds + periodSeconds x
 * failureThreshold} plus the readiness grace, confirmed by the kubelet's Unhealthy event (without one the container is
 * slow, not hopeless).
 */
final class ReadinessNeverPassing implements HopelessState {

    @Override
    public Optional<Diagnosis> diagnose(Pod pod, ContainerStatus status, Examination exam) {
        boolean runningNotReady = "Running".equals(pod.getStatus().getPhase()) && status.getState() != null
                && status.getState().getRunning() != null && !Boolean.TRUE.equals(status.getReady());
        Probe probe = Pods.container(pod, status.getName()).map(Container::getReadinessProbe).orElse(null);
        if (!runningNotReady || probe == null) {
            return Optional.empty();
        }
        int period = Pods.orDefault(probe.getPeriodSeconds(), 10);
        Duration window = Duration.ofSeconds(Pods.orDefault(probe.getInitialDelaySeconds(), 0)
                + (long) period * Pods.orDefault(probe.getFailureThreshold(), 3)).plus(exam.options.readinessGrace());
        String podName = pod.getMetadata().getName();
        if (!exam.lasted(podName + "/" + status.getName() + "/probe", window)) {
            return Optional.empty();
        }
        Optional<Event> unhealthy = exam.events().latest(podName, "Unhealthy", "Readiness probe failed");
        if (unhealthy.isEmpty()) {
            exam.recheckAt(exam.now.plusSeconds(period));
            return Optional.empty();
        }
        Event event = unhealthy.get();
        int count = event.getCount() == null ? 1 : event.getCount();
        return Optional.of(new Diagnosis(Diagnosis.Reason.READINESS_PROBE,
                "Container " + status.getName() + " of pod " + podName + " is running but its readiness probe ("
                        + describe(probe) + ") keeps failing: " + event.getMessage(),
                List.of("probe: " + describe(probe) + ", initialDelaySeconds "
                                + Pods.orDefault(probe.getInitialDelaySeconds(), 0) + ", periodSeconds " + period
                                + ", failureThreshold " + Pods.orDefault(probe.getFailureThreshold(), 3),
                        "kubelet: " + event.getMessage() + (count > 1 ? " (x" + count + ")" : ""),
                        "hint: check that the application serves the probe on that port and path once it has started, "
                                + "and that the probe's delays fit its start-up time")));
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
}
