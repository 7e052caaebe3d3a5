package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployLog;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Prepared;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's phases as the Jenkins layer calls them: {@link #agentSide} travels to the agent inside the remoting
 * callable, the rest runs on the controller. Jenkins uses the real {@link DeployEngine}; tests of the step's state
 * machine (resume, stop) substitute scripted phases.
 */
interface DeployPhases {
    AgentSide agentSide();

    Release release(Prepared prepared, DeployRequest request, ClusterCredentials cluster, DeployLog log)
            throws DeployException;

    CompletableFuture<DeployReport> awaitRollout(Release release, ClusterCredentials cluster, DeployLog log);

    DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log);

    /** Serializable: sent to the agent with the callable. */
    @FunctionalInterface
    interface AgentSide extends Serializable {
        Prepared prepare(Path workspace, DeployRequest request, RegistryAuth registryAuth, Path tempDir, DeployLog log)
                throws DeployException;
    }

    /** A named class rather than a lambda: remoting's class filter and class loading see an ordinary plugin class. */
    final class EngineOnAgent implements AgentSide {
        private static final long serialVersionUID = 1L;

        @Override
        public Prepared prepare(Path workspace, DeployRequest request, RegistryAuth registryAuth, Path tempDir,
                DeployLog log) throws DeployException {
            // a fresh engine on the agent: prepare keeps no state between phases
            return new DeployEngine().prepare(workspace, request, registryAuth, tempDir, log);
        }
    }

    static DeployPhases of(DeployEngine engine) {
        return new DeployPhases() {
            @Override
            public AgentSide agentSide() {
                return new EngineOnAgent();
            }

            @Override
            public Release release(Prepared prepared, DeployRequest request, ClusterCredentials cluster, DeployLog log)
                    throws DeployException {
                return engine.release(prepared, request, cluster, log);
            }

            @Override
            public CompletableFuture<DeployReport> awaitRollout(Release release, ClusterCredentials cluster, DeployLog log) {
                return engine.awaitRollout(release, cluster, log);
            }

            @Override
            public DeployReport abort(Release release, ClusterCredentials cluster, String reason, DeployLog log) {
                return engine.abort(release, cluster, reason, log);
            }
        };
    }
}
