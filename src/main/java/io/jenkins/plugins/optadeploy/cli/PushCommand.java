package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.image.ImagePushException;
import io.jenkins.plugins.optadeploy.image.ImagePusher;
import io.jenkins.plugins.optadeploy.image.ImageSource;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.PushedImage;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "push",
        description = "Push the image of an image: AUTO service to <registry>/<layer>/<module>:<tag> (no Docker daemon "
                + "needed but to read --local-image). Prints the pushed reference, <repository>@sha256:..., as the last "
                + "line of standard output.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:pushed; the last line of standard output is <repository>@<digest>",
            "1:unexpected internal error",
            "2:usage error (no image source, service not image: AUTO, registry not host[:port], bad tag)",
            "3:invalid spec",
            "4:push failed (registry refused, stalled, went away, or did not store the manifest)",
        })
final class PushCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    SpecArguments spec;

    @Mixin
    ImageArguments image;

    PushCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (!image.hasSource()) {
            throw new CliException(ExitCode.USAGE, "push needs the image: give --image-archive TAR, --local-image NAME:TAG "
                    + "or --source-image REF");
        }
        ServiceSpec read = spec.read(terminal);
        if (read.service().image() instanceof K8sService.Image.External external) {
            throw new CliException(ExitCode.USAGE, read.file() + " runs image " + external.reference()
                    + ", not image: AUTO; there is nothing to push");
        }
        ImageTarget target = ImageArguments.target(image.registry, read, image.effectiveTag(), image.insecure);
        Progress progress = new Progress(terminal);
        ImageSource source = image.imageSource(spec.locate(terminal).workspace());
        RegistryAuth auth = image.auth(terminal);
        try (TempDirectory work = TempDirectory.create("opta-deploy-push")) {
            progress.line("pushing " + source.describe() + " to " + target);
            PushedImage pushed = new ImagePusher(work.path(), progress, image.pushStallTimeout)
                    .push(source, target, auth);
            progress.clear();
            terminal.err().println("pushed " + target + " (" + pushed.digest() + ")");
            terminal.out().println(pushed.reference());
            return ExitCode.OK;
        } catch (ImagePushException e) {
            progress.clear();
            throw new CliException(ExitCode.PUSH_FAILED, e.getMessage());
        }
    }
}
