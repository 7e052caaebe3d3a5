package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.image.ImagePushException;
import io.jenkins.plugins.optadeploy.image.ImagePusher;
import io.jenkins.plugins.optadeploy.image.ImageSource;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.PushedImage;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.nio.file.Path;

/** The image stage: what the pods run. An external image as the spec names it; {@code image: AUTO} pushed first. */
final class ImageStage {
    private ImageStage() {}

    /** The spec and the image to run; a dry run names where the image would go and pushes nothing. */
    static Prepared prepare(Path workspace, ServiceSpec spec, DeployRequest request, RegistryAuth auth, Path tempDir,
            DeployLog log, StageClock clock) throws DeployException {
        ImageSource source = ImageSelection.source(workspace, request, auth);
        if (spec.service().image() instanceof K8sService.Image.External external) {
            if (source != null) {
                throw nothingToPush(request, external);
            }
            log.line("image: " + external.reference() + " (external, not pushed)");
            return unpushed(spec, request, clock);
        }
        if (request.dryRun()) {
            ImageSource image = required(source, request);
            Prepared unpushed = unpushed(spec, request, clock);
            log.line("dry run: would push " + image.describe() + " to " + unpushed.imageReference());
            clock.lap("image");
            return new Prepared(spec, unpushed.imageReference(), null, unpushed.dockerRepoUrl(), clock.timings());
        }
        PushedImage pushed = push(source, spec, request, auth, tempDir, log);
        clock.lap("image");
        return new Prepared(spec, pushed.reference(), pushed.digest(), pushed.dockerRepoUrl(), clock.timings());
    }

    /** What the pods would run without a push: the external image, or the AUTO repository at the push tag. */
    static Prepared unpushed(ServiceSpec spec, DeployRequest request, StageClock clock) throws DeployException {
        if (spec.service().image() instanceof K8sService.Image.External external) {
            return new Prepared(spec, external.reference(), null, null, clock.timings());
        }
        ImageTarget target = ImageSelection.target(spec, request);
        return new Prepared(spec, target.toString(), null, target.repositoryUrl(), clock.timings());
    }

    /** Pushes the request's image to the AUTO repository of {@code spec}. */
    static PushedImage push(Path workspace, ServiceSpec spec, DeployRequest request, RegistryAuth auth, Path tempDir,
            DeployLog log) throws DeployException {
        if (spec.service().image() instanceof K8sService.Image.External external) {
            throw nothingToPush(request, external);
        }
        return push(ImageSelection.source(workspace, request, auth), spec, request, auth, tempDir, log);
    }

    private static PushedImage push(ImageSource source, ServiceSpec spec, DeployRequest request, RegistryAuth auth,
            Path tempDir, DeployLog log) throws DeployException {
        ImageSource image = required(source, request);
        ImageTarget target = ImageSelection.target(spec, request);
        log.line("pushing " + image.describe() + " to " + target);
        try {
            PushedImage pushed = new ImagePusher(tempDir, log.pushProgress(), request.pushStallTimeout())
                    .push(image, target, auth);
            log.line("pushed " + pushed.reference());
            return pushed;
        } catch (ImagePushException e) {
            throw new DeployException(Stage.IMAGE, e.getMessage());
        }
    }

    private static DeployException nothingToPush(DeployRequest request, K8sService.Image.External external) {
        return new DeployException(Stage.IMAGE, request.file() + " names the image '" + external.reference()
                + "', so there is nothing to push: remove localImage, imageArchive and sourceImage, or set image: AUTO");
    }

    private static ImageSource required(ImageSource source, DeployRequest request) throws DeployException {
        if (source == null) {
            throw new DeployException(Stage.IMAGE, request.file() + " has image: AUTO, so the deploy needs the image "
                    + "this build made: set localImage (name:tag in the agent's Docker), imageArchive (a tarball in "
                    + "the workspace) or sourceImage (a registry reference)");
        }
        return source;
    }
}
