package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.ApplyResult;
import io.jenkins.plugins.optadeploy.apply.ClusterSnapshot;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a deploy has applied and is waiting for: enough to resume the wait after a controller restart, or to roll
 * back. Opaque to callers, who persist it and hand it back; it holds no credential.
 */
public final class Release implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Names this deploy's in-JVM session; a deserialized release (after a restart) gets a new one and re-attaches. */
    transient String id = UUID.randomUUID().toString();
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

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        id = UUID.randomUUID().toString();
    }

    /** The rollout this release waits for, or null when it has nothing to wait for. */
    public RolloutTarget target() {
        return target;
    }

    /** True when the deploy already ended at release time (dry run, or no workload to roll out). */
    public boolean isComplete() {
        return completed != null;
    }

    /** {@code Deployment ns/name} or the service, for status lines. */
    public String describe() {
        return target != null ? target.describe()
                : prepared.spec().layerName() + "/" + prepared.spec().service().moduleName();
    }
}
