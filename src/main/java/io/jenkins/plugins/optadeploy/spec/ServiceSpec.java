package io.jenkins.plugins.optadeploy.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A validated, fully defaulted and interpolated Opta service file: the layer and its one {@code k8s-service} module.
 *
 * @param file            the service file as the user named it, relative to the workspace (used in messages)
 * @param layerName       the layer's {@code name}; it becomes the Kubernetes namespace
 * @param orgName         {@code org_name} of the service or of its environment file, or null
 * @param environment     the chosen {@code environments[].name} label, or null when the file names none
 * @param environmentName the environment file's own {@code name} (Opta's {@code {env}}), or null
 * @param variables       the merged variables that interpolation used ({@code {vars.x}})
 * @param service         the {@code k8s-service} module
 * @param warnings        accepted but deprecated or ignored input, each located
 * @param sourceSha256    hex sha256 over the bytes of the service file and of the environment file it used
 */
public record ServiceSpec(
        String file,
        String layerName,
        String orgName,
        String environment,
        String environmentName,
        Map<String, String> variables,
        K8sService service,
        List<SpecProblem> warnings,
        String sourceSha256) implements Serializable {

    public ServiceSpec {
        variables = Collections2.orderedCopy(variables);
        warnings = List.copyOf(warnings);
    }
}
