package io.jenkins.plugins.optadeploy.rollout;

import java.util.List;
import java.util.Objects;

/**
 * Why a rollout failed: a one-line summary a user reads first, then the details that explain it (kubelet messages,
 * log lines, pod states, events, what to check).
 */
public record Diagnosis(Reason reason, String summary, List<String> details) {

    public enum Reason {
        IMAGE_PULL, CRASH_LOOP, OOM_KILLED, CONTAINER_CONFIG, UNSCHEDULABLE, READINESS_PROBE, PROGRESS_DEADLINE, TIMEOUT,
        WORKLOAD_MISSING, WATCH_FAILED
    }

    public Diagnosis {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(summary, "summary");
        details = List.copyOf(details);
    }

    /** Summary and indented details, one per line. */
    public String render() {
        StringBuilder text = new StringBuilder(summary);
        details.forEach(line -> text.append(System.lineSeparator()).append("  ").append(line));
        return text.toString();
    }
}
