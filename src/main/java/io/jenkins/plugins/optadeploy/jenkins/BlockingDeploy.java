package io.jenkins.plugins.optadeploy.jenkins;

import hudson.AbortException;
import hudson.FilePath;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A deploy run to its end on the calling thread, as the freestyle step runs it on the build's executor: an aborted
 * build (the thread interrupted) rolls back what was applied, then stays aborted. The Pipeline step runs the same
 * phases asynchronously instead (DeployStepExecution).
 */
final class BlockingDeploy {
    private BlockingDeploy() {}

    /** Records the report on the build; fails the build ({@link AbortException}) unless the deploy succeeded. */
    static void run(DeployRun deploy, FilePath workspace) throws IOException, InterruptedException {
        DeployReport report;
        try {
            // an abort interrupts this thread: a lock wait ends with nothing applied, an apply rolls back what it wrote
            Release release = deploy.release(deploy.prepare(workspace), () -> {});
            report = await(deploy, release);
        } catch (DeployException e) {
            report = deploy.failure(e);
        } catch (IOException e) {
            deploy.finish(deploy.failure("The agent could not run the deploy: " + e.getMessage()));
            throw e;
        } catch (InterruptedException e) {
            if (!deploy.action().isFinished()) {
                deploy.finish(deploy.failure("The build was aborted before anything was applied"));
            }
            throw e;
        }
        deploy.finish(report);
        if (!report.succeeded()) {
            throw deploy.failed(report);
        }
    }

    /** Blocks until the rollout gate decides. */
    private static DeployReport await(DeployRun deploy, Release release) throws InterruptedException {
        CompletableFuture<DeployReport> rollout = deploy.awaitRollout(release);
        try {
            return rollout.get();
        } catch (InterruptedException e) {
            rollout.cancel(true);
            deploy.finish(deploy.abort(release, "the build was aborted"));
            throw e;
        } catch (ExecutionException e) {
            return deploy.failure("The rollout could not be watched: " + e.getCause().getMessage());
        }
    }
}
