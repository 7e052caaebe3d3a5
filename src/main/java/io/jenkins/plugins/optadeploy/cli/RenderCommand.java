package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "render",
        description = "Print the Kubernetes objects a deploy of FILE applies, as multi-document YAML that kubectl apply -f "
                + "reads. With image: AUTO the workload runs <registry>/<layer>/<module>:<tag>; a deploy pins the pushed "
                + "digest instead.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:rendered",
            "1:unexpected internal error",
            "2:usage error",
            "3:invalid spec",
        })
final class RenderCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final DeployEngine engine;

    @Mixin
    SpecArguments spec;

    @Option(names = "--registry", paramLabel = "HOST:PORT",
            description = "Registry of the image: AUTO repository (default: " + ImageTarget.DEFAULT_REGISTRY + ").")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag shown for an image: AUTO service (default: latest).")
    String tag;

    RenderCommand(Terminal terminal, DeployEngine engine) {
        this.terminal = terminal;
        this.engine = engine;
    }

    @Override
    public Integer call() {
        SpecArguments.Location location = spec.locate(terminal);
        DeployRequest request = new DeployRequest(location.file(), spec.environment, spec.vars, null, null, null,
                ImageArguments.checkRegistry(registry), ImageArguments.checkTag(tag), false, null, true, false, false,
                null, null);
        ServiceSpec read = spec.validate(engine, location, request, terminal);
        try {
            terminal.out().print(engine.render(read, request).toYaml());
        } catch (DeployException e) {
            throw new CliException(ExitCode.of(e.stage(), false), e.getMessage());
        }
        terminal.out().flush();
        return ExitCode.OK;
    }
}
