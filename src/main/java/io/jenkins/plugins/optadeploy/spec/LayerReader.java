package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.EnvironmentReader.Environment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** One read of a service file: top-level keys, environment choice, variables, modules, then the k8s-service module. */
final class LayerReader {
    private static final List<String> TOP_LEVEL = List.of("name", "environments", "modules", "input_variables",
            "org_name", "providers");
    private static final Pattern ORG_NAME = Pattern.compile("[a-z0-9-]{1,15}");
    /** Namespaces the cluster itself uses: a deploy would relabel and prune inside them. */
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease", "default");

    private final Problems problems;
    private final SpecInputs inputs;
    private final EnvironmentReader environments;

    /** @param environmentFiles reads environment files, or null when the caller has no workspace */
    LayerReader(Problems problems, SpecInputs inputs, SpecReader.EnvironmentFiles environmentFiles) {
        this.problems = problems;
        this.inputs = inputs;
        this.environments = new EnvironmentReader(problems, inputs, environmentFiles);
    }

    ServiceSpec read(SourceFile source, byte[] bytes) throws InvalidSpecException {
        Node root = SafeYaml.parse(source, bytes.length, problems);
        YamlMap top = root == null ? null : OptaFile.top(source, root, TOP_LEVEL, problems);
        if (top == null) {
            throw new InvalidSpecException(problems.errors());
        }
        Values literal = new Values(problems, new Interpolator(Map.of(), Set.of(), null, null, null, Map.of(), false));
        top.rejectUnknown(TOP_LEVEL);
        Ref nameRef = top.require("name");
        String layerName = nameRef == null ? null : literal.literal(nameRef);
        if (layerName != null) {
            checkLayerName(nameRef, layerName);
        }
        boolean rootLayer = top.has("org_name");
        String orgName = orgName(top, literal);
        checkLayerKind(top, rootLayer);
        VariablesReader variablesReader = new VariablesReader(problems, inputs);
        Map<String, Ref> declared = variablesReader.inputVariables(top, literal);
        Environment environment = rootLayer ? null : environments.read(top, literal);
        boolean unchosen = environment == EnvironmentReader.UNCHOSEN;
        if (unchosen) {
            environment = null;
        }
        String environmentName = environment != null ? environment.fileName() : rootLayer ? layerName : null;
        if (environment != null && environment.orgName() != null && orgName == null) {
            orgName = environment.orgName();
        }
        if (environment != null && environment.fileName() != null && environment.fileName().equals(layerName)) {
            problems.error(nameRef, "the layer is named like its environment ('" + layerName + "'): give the service "
                    + "its own name, it becomes the namespace");
        }
        Map<String, String> variables = variablesReader.variables(declared, environment, unchosen);

        Ref modulesRef = top.require("modules");
        Interpolator interpolator = new Interpolator(variables,
                VariablesReader.alreadyReported(declared, variables, environment), environmentName, layerName, null,
                inputs.parentOutputs(), unchosen);
        K8sService service = modulesRef == null ? null
                : new ModulesReader(problems).read(modulesRef, literal, interpolator, layerName);
        if (problems.hasErrors()) {
            throw new InvalidSpecException(problems.errors());
        }
        return new ServiceSpec(source.name(), layerName, orgName, environment == null ? null : environment.label(),
                environmentName, variables, service, problems.warnings(),
                sha256(bytes, environment == null ? null : environment.bytes()));
    }

    /** A single-file layer (org_name) is its own environment: no providers elsewhere, no environments in it. */
    private void checkLayerKind(YamlMap top, boolean rootLayer) {
        if (top.has("providers")) {
            if (!rootLayer) {
                problems.error(top.keyRef("providers"), "providers belong to an environment file (with org_name): "
                        + "remove it, the cluster comes from the deploy credentials");
            } else {
                problems.warning(top.keyRef("providers"), "ignored: this plugin deploys to the cluster of its "
                        + "credentials, not to a cloud provider account");
            }
        }
        if (rootLayer && top.has("environments")) {
            problems.error(top.keyRef("environments"), "a file with org_name is an environment file and cannot list "
                    + "environments: remove org_name from a service file");
        }
        if (rootLayer && inputs.environment() != null) {
            problems.error(top.keyRef("org_name"), "environment '" + inputs.environment() + "' was requested, but this "
                    + "file is its own environment (it has org_name): do not select an environment");
        }
    }

    private void checkLayerName(Ref ref, String name) {
        if (SYSTEM_NAMESPACES.contains(name)) {
            problems.error(ref, "'" + name + "' is a namespace of the cluster itself: the layer name becomes the "
                    + "namespace, and a deploy labels and prunes objects in it; give the layer its own name");
        } else if (name.length() > 63 || !KubernetesNames.DNS_LABEL.matcher(name).matches()) {
            String lower = name.toLowerCase(Locale.ROOT);
            problems.error(ref, "'" + name + "' is not a valid layer name: it becomes the Kubernetes namespace, so use at "
                    + "most 63 lowercase letters, digits and '-', starting and ending with a letter or digit"
                    + (!lower.equals(name) && KubernetesNames.DNS_LABEL.matcher(lower).matches() ? " (e.g. '" + lower + "')" : ""));
        }
    }

    private String orgName(YamlMap top, Values literal) {
        Ref ref = top.get("org_name");
        if (ref == null) {
            return null;
        }
        String org = literal.literal(ref);
        if (org != null && !ORG_NAME.matcher(org).matches()) {
            problems.warning(ref, "'" + YamlTypes.shorten(org) + "' is not a valid Opta org_name (up to 15 lowercase "
                    + "letters, digits and '-'); this plugin does not use it");
        }
        return org;
    }

    private static String sha256(byte[] service, byte[] environment) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(service);
            if (environment != null) {
                digest.update(environment);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
