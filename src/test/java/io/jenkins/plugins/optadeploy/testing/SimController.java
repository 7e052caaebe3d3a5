package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The {@link RolloutSimulator}'s controller for one workload kind: rolls out a new generation, writes its status. */
abstract class SimController {

    final RolloutSimulator sim;

    SimController(RolloutSimulator sim) {
        this.sim = sim;
    }

    /** A generation the simulator has not rolled out yet; {@code previous} is the last one, or null. */
    abstract void rollOut(HasMetadata workload, long generation, SimRollout previous);

    /** The workload's status from its pods, as its controller would write it. */
    abstract void writeStatus(SimRollout rollout);
}
