package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.manifests.ManifestRenderer;
import io.jenkins.plugins.optadeploy.manifests.RenderContext;
import io.jenkins.plugins.optadeploy.spec.K8sService;
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

    @Mixin
    SpecArguments spec;

    @Option(names = "--registry", paramLabel = "HOST:PORT",
            description = "Registry of the image: AUTO repository (default: " + ImageTarget.DEFAULT_REGISTRY + ").")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG", defaultValue = "latest",
            description = "Tag shown for an image: AUTO service (default: ${DEFAULT-VALUE}).")
    String tag;

    RenderCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ImageArguments.checkRegistry(registry);
        ServiceSpec read = spec.read(terminal);
        terminal.out().print(new ManifestRenderer().render(read, context(read)).toYaml());
        terminal.out().flush();
        return ExitCode.OK;
    }

    private RenderContext context(ServiceSpec read) {
        if (read.service().image() instanceof K8sService.Image.External external) {
            return new RenderContext(external.reference(), null, null, null, null, DeployEngine.DEPLOYED_BY);
        }
        ImageTarget target = ImageArguments.target(registry, read, tag, false);
        return new RenderContext(target.toString(), null, target.repositoryUrl(), null, null, DeployEngine.DEPLOYED_BY);
    }
}
