package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", description = "Check an Opta service file: prints every problem at once, or what it deploys.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the spec is valid (warnings may be printed)",
            "1:unexpected internal error",
            "2:usage error",
            "3:invalid spec: one line per problem, file:line:column: field: message",
        })
final class ValidateCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final DeployEngine engine;

    @Mixin
    SpecArguments spec;

    ValidateCommand(Terminal terminal, DeployEngine engine) {
        this.terminal = terminal;
        this.engine = engine;
    }

    @Override
    public Integer call() {
        SpecArguments.Location location = spec.locate(terminal);
        ServiceSpec read = spec.validate(engine, location, spec.request(location), terminal);
        K8sService service = read.service();
        String image = service.image() instanceof K8sService.Image.External external ? external.reference() : "AUTO";
        terminal.out().printf("%s: valid: service %s/%s in namespace %s, image %s%s%n", read.file(), read.layerName(),
                service.moduleName(), read.layerName(), image,
                read.environment() == null ? "" : ", environment " + read.environment());
        return ExitCode.OK;
    }
}
