package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One revision the {@link RolloutSimulator} is rolling out: its pods, what is left of older revisions, its controller. */
final class SimRollout {
    final SimController controller;
    final HasMetadata workload;
    final long generation;
    final String revision;
    final String replicaSet;
    final List<String> newPods = new ArrayList<>();
    final List<String> oldPods = new ArrayList<>();
    final Instant started = Instant.now();
    boolean complete;

    SimRollout(SimController controller, HasMetadata workload, long generation, String revision, String replicaSet) {
        this.controller = controller;
        this.workload = workload;
        this.generation = generation;
        this.revision = revision;
        this.replicaSet = replicaSet;
    }
}
