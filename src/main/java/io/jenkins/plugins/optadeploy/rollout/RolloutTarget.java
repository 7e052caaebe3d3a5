package io.jenkins.plugins.optadeploy.rollout;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to attach to a rollout, possibly from another process later: the Jenkins step persists it before
 * waiting and resumes from it after a controller restart.
 *
 * @param namespace          namespace of the workload
 * @param kind               {@code Deployment} or {@code StatefulSet}
 * @param name               workload name
 * @param expectedGeneration the {@code metadata.generation} the apply produced; the controller must have observed at
 *                           least this generation before the rollout can count as done
 * @param deadline           when waiting gives up (the deploy timeout is chosen by the caller; Opta uses 300 s)
 * @param podSelector        the workload's pod labels ({@code spec.selector.matchLabels}); narrows the reads from the
 *                           API server
 */
public record RolloutTarget(
        String namespace, String kind, String name, long expectedGeneration, Instant deadline,
        Map<String, String> podSelector) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEPLOYMENT = "Deployment";
    public static final String STATEFUL_SET = "StatefulSet";

    public RolloutTarget {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deadline, "deadline");
        if (!DEPLOYMENT.equals(kind) && !STATEFUL_SET.equals(kind)) {
            throw new IllegalArgumentException("kind must be Deployment or StatefulSet, not " + kind);
        }
        podSelector = podSelector == null ? Map.of() : Map.copyOf(podSelector);
    }

    public static RolloutTarget deployment(String namespace, String name, long expectedGeneration, Instant deadline,
                                           Map<String, String> podSelector) {
        return new RolloutTarget(namespace, DEPLOYMENT, name, expectedGeneration, deadline, podSelector);
    }

    public static RolloutTarget statefulSet(String namespace, String name, long expectedGeneration, Instant deadline,
                                            Map<String, String> podSelector) {
        return new RolloutTarget(namespace, STATEFUL_SET, name, expectedGeneration, deadline, podSelector);
    }

    /** {@code Deployment ns/web}, as used in messages. */
    public String describe() {
        return kind + " " + namespace + "/" + name;
    }
}
