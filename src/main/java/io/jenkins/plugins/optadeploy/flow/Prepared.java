package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.io.Serializable;
import java.util.List;

/**
 * The agent-side result: the validated spec and the image to run. Travels back to the controller.
 *
 * @param spec           the validated spec
 * @param imageReference what the pods run: {@code repo@sha256:...} for AUTO, else the external reference
 * @param digest         {@code sha256:...} when known
 * @param dockerRepoUrl  the AUTO repository, else null
 * @param timings        stage timings so far (spec, image)
 */
public record Prepared(ServiceSpec spec, String imageReference, String digest, String dockerRepoUrl,
        List<io.jenkins.plugins.optadeploy.report.DeployReport.StageTiming> timings) implements Serializable {
    public Prepared {
        timings = List.copyOf(timings);
    }
}
