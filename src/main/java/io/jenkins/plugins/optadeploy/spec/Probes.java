package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import java.io.Serializable;
import java.util.List;

/** Liveness and readiness; each is null when none is configured. */
public record Probes(Probe liveness, Probe readiness) implements Serializable {

    /**
     * The line a failing readiness probe is explained with, naming the opta.yaml field that set it, e.g.
     * {@code readiness probe from opta.yaml:14:5 modules[0].healthcheck_path (GET /healthz on port 8080)}; null when
     * there is no readiness probe.
     */
    public String readinessSource(Port probePort) {
        return readiness == null ? null : "readiness probe from " + readiness.origin() + " (" + readiness.describe(probePort) + ")";
    }

    /**
     * A liveness or readiness probe: exactly one of {@code path} and {@code command} is set.
     *
     * @param path                HTTP path (http port) or null
     * @param command             exec command or empty
     * @param initialDelaySeconds initialDelaySeconds (default 30)
     * @param periodSeconds       periodSeconds, or null for the Kubernetes default (Opta sets 10 on readiness)
     * @param origin              the field that set the path or command ({@code healthcheck_path},
     *                            {@code readiness_probe_command}...), so a failing probe can be traced to the file
     */
    public record Probe(String path, List<String> command, int initialDelaySeconds, Integer periodSeconds,
            SpecLocation origin) implements Serializable {
        public Probe {
            command = List.copyOf(command);
        }

        /** What the kubelet runs, as rendered: an exec command, a TCP connect or an HTTP GET on the probe port. */
        public String describe(Port port) {
            if (!command.isEmpty()) {
                return "exec " + String.join(" ", command);
            }
            String on = port == null ? "" : " on port " + port.port();
            return port != null && port.type() == Port.Type.TCP ? "TCP connect" + on : "GET " + path + on;
        }
    }
}
