package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.manifests.ManifestRenderer;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.manifests.RenderContext;

/** The manifests stage: the Kubernetes objects of the spec, running the prepared image, traced to the build. */
final class ManifestStage {
    /** What rendered objects record as their deployer. */
    static final String DEPLOYED_BY = "opta-deploy/" + version();

    private ManifestStage() {}

    static Manifests render(Prepared prepared, DeployRequest request) throws DeployException {
        try {
            return new ManifestRenderer().render(prepared.spec(), new RenderContext(prepared.imageReference(),
                    prepared.digest(), prepared.dockerRepoUrl(), request.buildUrl(), request.buildTag(), DEPLOYED_BY));
        } catch (RuntimeException e) {
            throw new DeployException(Stage.MANIFESTS, "could not render the Kubernetes objects: " + e.getMessage());
        }
    }

    private static String version() {
        String version = ManifestStage.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
