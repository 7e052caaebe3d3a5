package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The one engine behind the Pipeline step, the freestyle step and the CLI: spec -> image -> manifests -> apply ->
 * rollout gate -> report. Split in phases so that Jenkins runs {@link #prepare} on the agent that holds the
 * workspace and the rest on the controller, and can resume {@link #awaitRollout} after a restart.
 */
public final class DeployEngine {

    /** Agent side: read and validate the spec, push the image when {@code image: AUTO}. Nothing touches the cluster. */
    public Prepared prepare(Path workspace, DeployRequest request, RegistryAuth registryAuth, Path tempDir, DeployLog log)
            throws DeployException {
        throw new UnsupportedOperationException("wired when the stages land");
    }

    /** Controller side: render, take the service lock, apply (or dry-run). The returned release is what a resume needs. */
    public Release release(Prepared prepared, DeployRequest request, ClusterCredentials cluster, DeployLog log)
            throws DeployException {
        throw new UnsupportedOperationException("wired when the stages land");
    }

    /** Waits for the rollout without holding a thread; on failure rolls back when requested. Also used after a restart. */
    public CompletableFuture<DeployReport> awaitRollout(Release release, ClusterCredentials cluster, DeployLog log) {
        throw new UnsupportedOperationException("wired when the stages land");
    }

    /** Stops a deploy in progress (build aborted): cancels the wait and rolls back. */
    public DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log) {
        throw new UnsupportedOperationException("wired when the stages land");
    }

    /** prepare + release + awaitRollout in one call, for the CLI and the freestyle step. */
    public DeployReport deploy(Path workspace, DeployRequest request, RegistryAuth registryAuth,
            ClusterCredentials cluster, Path tempDir, DeployLog log) throws DeployException {
        throw new UnsupportedOperationException("wired when the stages land");
    }
}
