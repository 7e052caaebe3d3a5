package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
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
    private final DeployEngine engine;

    @Mixin
    SpecArguments spec;

    @Mixin
    ImageArguments image;

    PushCommand(Terminal terminal, DeployEngine engine) {
        this.terminal = terminal;
        this.engine = engine;
    }

    @Override
    public Integer call() {
        if (!image.hasSource()) {
            throw new CliException(ExitCode.USAGE, "push needs the image: give --image-archive TAR, --local-image NAME:TAG "
                    + "or --source-image REF");
        }
        SpecArguments.Location location = spec.locate(terminal);
        DeployRequest request = image.request(location, spec);
        ServiceSpec read = spec.validate(engine, location, request, terminal);
        if (read.service().image() instanceof K8sService.Image.External external) {
            throw new CliException(ExitCode.USAGE, read.file() + " runs image " + external.reference()
                    + ", not image: AUTO; there is nothing to push");
        }
        RegistryAuth auth = image.auth(terminal);
        Progress progress = new Progress(terminal);
        try (TempDirectory work = TempDirectory.create("opta-deploy-push")) {
            PushedImage pushed = engine.push(location.workspace(), read, request, auth, work.path(), progress);
            progress.clear();
            terminal.err().println("pushed " + pushed.repository() + ":" + pushed.tag() + " (" + pushed.digest() + ")");
            terminal.out().println(pushed.reference());
            return ExitCode.OK;
        } catch (DeployException e) {
            progress.clear();
            throw new CliException(ExitCode.of(e.stage(), false), e.getMessage());
        }
    }
}
