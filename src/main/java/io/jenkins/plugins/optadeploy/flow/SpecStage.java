package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.spec.InvalidSpecException;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecProblem;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The first stage: the request's spec file, read inside the workspace and validated; its warnings go to the log. */
final class SpecStage {
    private SpecStage() {}

    static ServiceSpec read(Path workspace, DeployRequest request, DeployLog log) throws DeployException {
        try {
            ServiceSpec spec = new SpecReader().read(workspace, request.file(),
                    new SpecInputs(request.environment(), request.vars(), Map.of()));
            spec.warnings().forEach(warning -> log.line("warning: " + warning));
            return spec;
        } catch (InvalidSpecException e) {
            List<SpecProblem> problems = e.problems();
            throw new DeployException(Stage.SPEC, request.file() + " is not a valid Opta service spec ("
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + "); nothing was pushed or applied:\n" + e.getMessage(),
                    problems.stream().map(SpecProblem::toString).toList());
        }
    }
}
