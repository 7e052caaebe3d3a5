package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.ApplyResult;
import io.jenkins.plugins.optadeploy.apply.ClusterSnapshot;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a deploy has applied and is waiting for: enough to resume the wait after a controller restart, or to roll
 * back. Opaque to callers, who persist it and hand it back; it holds no credential.
 */
public final class Release implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The {@link ClusterSession} this deploy holds in this JVM, or null: none yet, or a deserialized release (after a
     * restart), which re-attaches with a new session.
     */
    transient volatile String sessionId;
    final Prepared prepared;
    final String manifestsYaml;
    final String url;
    final boolean rollback;
    final String lockHolder;
    final ApplyResult applied;
    final ClusterSnapshot snapshot;
    /** Null when nothing rolls out (no workload, or a dry run); then {@link #completed} is the report. */
    final RolloutTarget target;
    final DeployReport completed;
    final List<DeployReport.StageTiming> timings;

    Release(Prepared prepared, String manifestsYaml, String url, boolean rollback, String lockHolder,
            ApplyResult applied, ClusterSnapshot snapshot, RolloutTarget target, DeployReport completed,
            List<DeployReport.StageTiming> timings) {
        this.prepared = prepared;
        this.manifestsYaml = manifestsYaml;
        this.url = url;
        this.rollback = rollback;
        this.lockHolder = lockHolder;
        this.applied = applied;
        this.snapshot = snapshot;
        this.target = target;
        this.completed = completed;
        this.timings = new ArrayList<>(timings);
    }

    /** The rollout this release waits for, or null when it has nothing to wait for. */
    public RolloutTarget target() {
        return target;
    }

    /**
     * When the rollout gate gives up, fixed when the objects were applied and kept across a restart; null when
     * nothing rolls out.
     */
    public Instant rolloutDeadline() {
        return target == null ? null : target.deadline();
    }

    /** {@code Deployment ns/name} or the service, for status lines. */
    public String describe() {
        return target != null ? target.describe()
                : prepared.spec().layerName() + "/" + prepared.spec().service().moduleName();
    }
}
