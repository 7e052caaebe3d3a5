package io.jenkins.plugins.optadeploy.spec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** One read of a service file: top-level keys, environment choice, variables, modules, then the k8s-service module. */
final class LayerReader {
    static final List<String> K8S_SERVICE_TYPES = List.of("k8s-service", "local-k8s-service", "aws-k8s-service",
            "gcp-k8s-service", "azure-k8s-service");
    private static final List<String> TOP_LEVEL = List.of("name", "environments", "modules", "input_variables",
            "org_name", "providers");
    private static final List<String> ENVIRONMENT_FILE_FIELDS = List.of("name", "org_name", "providers", "modules",
            "environments");
    private static final List<String> ENVIRONMENT_FIELDS = List.of("name", "path", "variables", "vars");
    private static final List<String> INPUT_VARIABLE_FIELDS = List.of("name", "default", "description");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern ORG_NAME = Pattern.compile("[a-z0-9-]{1,15}");
    /** Namespaces the cluster itself uses: a deploy would relabel and prune inside them. */
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease", "default");
    /** A StatefulSet's pods carry controller-revision-hash, its name and a hash of up to 11 characters, in 63. */
    private static final int MAX_STATEFUL_SET_NAME = 52;

    private final Problems problems;
    private final SpecInputs inputs;
    private final SpecReader.EnvironmentFiles environmentFiles;

    /** @param environmentFiles reads environment files, or null when the caller has no workspace */
    LayerReader(Problems problems, SpecInputs inputs, SpecReader.EnvironmentFiles environmentFiles) {
        this.problems = problems;
        this.inputs = inputs;
        this.environmentFiles = environmentFiles;
    }

    /** Whatever the environment contributes: its label, its file's name and org, and its variable maps. */
    private record Environment(String label, String fileName, String orgName, Ref variables, Ref vars, byte[] bytes,
            boolean fileFailed) {}

    /** Several environments and none chosen: already reported once, so nothing that depends on it is reported again. */
    private static final Environment UNCHOSEN = new Environment(null, null, null, null, null, null, true);

    ServiceSpec read(SourceFile source, byte[] bytes) throws InvalidSpecException {
        Node root = SafeYaml.parse(source, bytes.length, problems);
        YamlMap top = root == null ? null : optaFile(source, root, TOP_LEVEL);
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
        Map<String, Ref> declared = inputVariables(top, literal);
        Environment environment = rootLayer ? null : environment(top, literal);
        boolean unchosen = environment == UNCHOSEN;
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
        Map<String, String> variables = variables(declared, environment, unchosen);

        Ref modulesRef = top.require("modules");
        Interpolator interpolator = new Interpolator(variables, alreadyReported(declared, variables, environment),
                environmentName, layerName, null, inputs.parentOutputs(), unchosen);
        K8sService service = modulesRef == null ? null : module(modulesRef, literal, interpolator, layerName);
        if (problems.hasErrors()) {
            throw new InvalidSpecException(problems.errors());
        }
        return new ServiceSpec(source.name(), layerName, orgName, environment == null ? null : environment.label(),
                environmentName, variables, service, problems.warnings(),
                sha256(bytes, environment == null ? null : environment.bytes()));
    }

    /**
     * The top-level map, or null after saying the file is not an Opta file: a file that is not a map, or none of
     * whose keys is (or nearly is) an Opta key, is described without quoting any of it (it may be any file).
     */
    private YamlMap optaFile(SourceFile source, Node root, List<String> known) {
        String found = root instanceof SequenceNode ? "a list" : root instanceof ScalarNode ? "a single value" : null;
        if (found == null) {
            YamlMap top = YamlMap.of(new Ref(source, root, ""), problems);
            if (top.keys().stream().anyMatch(key -> known.contains(key) || Suggestions.closest(key, known) != null)) {
                return top;
            }
            found = "a map without any Opta field";
        }
        problems.error(new SpecProblem(source.name(), 1, 1, "", "not an Opta file: its top level is " + found
                + ", where an Opta file is a map with name and modules"));
        return null;
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

    /** Placeholders whose missing value was already reported once (not again at each use). */
    private static Set<String> alreadyReported(Map<String, Ref> declared, Map<String, String> variables,
            Environment environment) {
        Set<String> reported = new HashSet<>();
        for (String name : declared.keySet()) {
            if (!variables.containsKey(name)) {
                reported.add("vars." + name);
                reported.add("variables." + name);
            }
        }
        if (environment != null && environment.fileName() == null && environment.fileFailed()) {
            reported.add("env");
            reported.add("parent_name");
        }
        return reported;
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

    private Map<String, Ref> inputVariables(YamlMap top, Values literal) {
        Map<String, Ref> declared = new LinkedHashMap<>();
        Ref ref = top.get("input_variables");
        List<Ref> items = ref == null ? List.of() : literal.list(ref);
        for (Ref item : items == null ? List.<Ref>of() : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(INPUT_VARIABLE_FIELDS);
            Ref nameRef = map.require("name");
            String name = nameRef == null ? null : literal.literal(nameRef);
            if (name == null) {
                continue;
            }
            if (declared.containsKey(name)) {
                problems.error(nameRef, "input variable '" + name + "' is declared twice");
                continue;
            }
            if (map.get("description") != null) {
                literal.literal(map.get("description"));
            }
            declared.put(name, map.has("default") ? item.child("default", map.values().get("default").node()) : nameRef);
        }
        return declared;
    }

    private Environment environment(YamlMap top, Values literal) {
        Ref ref = top.get("environments");
        List<Ref> items = ref == null ? List.of() : literal.list(ref);
        if (items == null) {
            return null;
        }
        Map<String, YamlMap> entries = new LinkedHashMap<>();
        for (Ref item : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(ENVIRONMENT_FIELDS);
            Ref nameRef = map.require("name");
            Ref pathRef = map.require("path");
            String name = nameRef == null ? null : literal.literal(nameRef);
            if (pathRef != null) {
                literal.literal(pathRef);
            }
            for (String key : List.of("variables", "vars")) {
                if (map.get(key) != null) {
                    YamlMap.of(map.get(key), problems);
                }
            }
            if (name != null && entries.putIfAbsent(name, map) != null) {
                problems.error(nameRef, "environment '" + name + "' is listed twice");
            }
        }
        String wanted = inputs.environment();
        YamlMap chosen;
        if (wanted != null) {
            chosen = entries.get(wanted);
            if (chosen == null && ref == null) {
                problems.error(new Ref(top.ref().file(), top.ref().node(), ""), "environment '" + wanted
                        + "' was requested, but the file lists no environments");
                return null;
            }
            if (chosen == null) {
                problems.error(top.keyRef("environments"), "no environment is named '" + wanted + "'"
                        + Suggestions.didYouMean(wanted, entries.keySet()) + " (listed: "
                        + String.join(", ", entries.keySet()) + ")");
                return null;
            }
        } else if (entries.size() == 1) {
            wanted = entries.keySet().iterator().next();
            chosen = entries.get(wanted);
        } else if (entries.size() > 1) {
            problems.error(top.keyRef("environments"), "the file lists " + entries.size() + " environments ("
                    + String.join(", ", entries.keySet()) + "): choose one with --env NAME on the command line, or "
                    + "env: 'NAME' in the Jenkins step");
            return UNCHOSEN;
        } else {
            return null;
        }
        Ref variables = chosen.get("variables");
        Ref vars = chosen.get("vars");
        Ref pathRef = chosen.get("path");
        String path = pathRef == null || !YamlTypes.isString(pathRef.node()) ? null : ((ScalarNode) pathRef.node()).getValue();
        if (path != null && isGitUrl(path)) {
            problems.error(pathRef, "'" + path + "' is a git URL: only environment files inside the workspace are "
                    + "supported; check the environment file out into the workspace and give its relative path");
            return new Environment(wanted, null, null, variables, vars, null, true);
        }
        if (path == null || environmentFiles == null) {
            return new Environment(wanted, null, null, variables, vars, null, path == null);
        }
        SpecReader.Loaded loaded = environmentFiles.load(pathRef, path, problems);
        if (loaded == null) {
            return new Environment(wanted, null, null, variables, vars, null, true);
        }
        return environmentFile(wanted, loaded, variables, vars);
    }

    private static boolean isGitUrl(String path) {
        return path.startsWith("git@") || path.startsWith("git::") || path.contains("?ref=")
                || path.contains("://") && !path.startsWith("file:");
    }

    private Environment environmentFile(String label, SpecReader.Loaded loaded, Ref variables, Ref vars) {
        Node root = SafeYaml.parse(loaded.source(), loaded.bytes().length, problems);
        YamlMap env = root == null ? null : optaFile(loaded.source(), root, ENVIRONMENT_FILE_FIELDS);
        if (env == null) {
            return new Environment(label, null, null, variables, vars, loaded.bytes(), true);
        }
        Values literal = new Values(problems, new Interpolator(Map.of(), Set.of(), null, null, null, Map.of(), false));
        Ref nameRef = env.require("name");
        String name = nameRef == null ? null : literal.literal(nameRef);
        String nameProblem = name == null ? null : KubernetesNames.labelValueProblem(name);
        if (nameProblem != null) {
            problems.error(nameRef, nameProblem + ": the environment's name becomes the label "
                    + "opta.dev/environment-name of every object");
            name = null;
        }
        Ref orgRef = env.get("org_name");
        String org = orgRef == null ? null : literal.literal(orgRef);
        if (orgRef == null && nameRef != null) {
            problems.error(env.ref(), "this is not an environment file: it has no org_name");
        }
        if (env.has("environments")) {
            problems.error(env.keyRef("environments"), "an environment file cannot itself list environments");
        }
        return new Environment(label, name, org, variables, vars, loaded.bytes(), name == null);
    }

    /** input_variables defaults, then --var values, then the environment's variables and vars (which must agree). */
    private Map<String, String> variables(Map<String, Ref> declared, Environment environment, boolean unchosen) {
        Map<String, String> variables = new LinkedHashMap<>();
        declared.forEach((name, ref) -> {
            if (ref.path().endsWith(".default")) {
                String value = scalar(ref);
                if (value != null) {
                    variables.put(name, value);
                }
            }
        });
        variables.putAll(inputs.vars());
        if (environment != null) {
            Map<String, Ref> fromVariables = environmentVariables(environment.variables(), variables);
            Map<String, Ref> fromVars = environmentVariables(environment.vars(), variables);
            fromVars.forEach((name, ref) -> {
                Ref other = fromVariables.get(name);
                if (other != null && !scalar(other).equals(scalar(ref))) {
                    problems.error(ref, "variable '" + name + "' is also set under variables with a different value ("
                            + Values.quote(scalar(other)) + "): keep one");
                }
            });
        }
        declared.forEach((name, ref) -> {
            if (!variables.containsKey(name) && !unchosen) {
                problems.error(ref, "input variable '" + name + "' has no default and no value: pass it with --var "
                        + name + "=... or set it in the environment's variables");
            }
        });
        return variables;
    }

    private Map<String, Ref> environmentVariables(Ref ref, Map<String, String> into) {
        Map<String, Ref> found = new LinkedHashMap<>();
        if (ref == null || !(ref.node() instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            return found;
        }
        YamlMap map = YamlMap.of(ref, problems);
        map.values().forEach((name, value) -> {
            String text = scalar(value);
            if (text != null) {
                into.put(name, text);
                found.put(name, value);
            }
        });
        return found;
    }

    /** A variable value as text (Opta formats any scalar as a string); null after reporting a list or map. */
    private String scalar(Ref ref) {
        if (ref.node() instanceof ScalarNode scalar) {
            return YamlTypes.isNull(scalar) ? "" : scalar.getValue();
        }
        problems.error(ref, "a variable value must be a single value, found " + YamlTypes.describe(ref.node()));
        return null;
    }

    private K8sService module(Ref modulesRef, Values literal, Interpolator interpolator, String layerName) {
        List<Ref> items = literal.list(modulesRef);
        if (items == null) {
            return null;
        }
        Map<String, String> layerModules = new LinkedHashMap<>();
        Map<String, Ref> types = new LinkedHashMap<>();
        Map<String, Ref> names = new LinkedHashMap<>();
        List<Ref> services = new ArrayList<>();
        List<String> serviceNames = new ArrayList<>();
        for (Ref item : items) {
            YamlMap module = YamlMap.of(item, problems);
            if (module == null) {
                continue;
            }
            Ref typeRef = module.require("type");
            String type = typeRef == null ? null : literal.literal(typeRef);
            if (type == null) {
                continue;
            }
            Ref nameRef = module.get("name");
            String name = nameRef == null ? type.replace("-", "") : literal.literal(nameRef);
            Ref nameWhere = nameRef == null ? typeRef : nameRef;
            if (name == null) {
                continue;
            }
            if (!MODULE_NAME.matcher(name).matches()) {
                problems.error(nameWhere, "'" + name + "' is not a valid module name: use letters and digits only "
                        + "(no '-' or '_')");
                continue;
            }
            Ref first = names.putIfAbsent(name, nameWhere);
            if (first != null) {
                problems.error(nameWhere, "module name '" + name + "' is used twice (also " + first.path() + ")");
                continue;
            }
            if (K8S_SERVICE_TYPES.contains(type)) {
                services.add(item);
                serviceNames.add(name);
            } else {
                layerModules.put(name, type);
                types.putIfAbsent(type, typeRef);
                problems.warning(typeRef, "module '" + name + "' (" + type + ") is ignored: this plugin deploys only "
                        + "the k8s-service module");
            }
        }
        if (services.isEmpty()) {
            Map.Entry<String, Ref> misspelled = types.entrySet().stream()
                    .filter(t -> Suggestions.closest(t.getKey(), K8S_SERVICE_TYPES) != null).findFirst().orElse(null);
            if (misspelled != null) {
                problems.error(misspelled.getValue(), "'" + misspelled.getKey() + "' is not a module type this plugin "
                        + "knows; did you mean '" + Suggestions.closest(misspelled.getKey(), K8S_SERVICE_TYPES) + "'?");
            } else if (!problems.hasErrors()) {
                problems.error(modulesRef, "no k8s-service module: add one with type: k8s-service");
            }
            return null;
        }
        for (int i = 1; i < services.size(); i++) {
            problems.error(services.get(i).child("type", YamlMap.of(services.get(i), problems).values().get("type").node()),
                    "a second k8s-service module: this plugin deploys one k8s-service per file (the first is "
                            + services.get(0).path() + ")");
        }
        YamlMap module = YamlMap.of(services.get(0), problems);
        String moduleName = serviceNames.get(0);
        checkServiceName(module, moduleName, layerName);
        Values values = new Values(problems, interpolator.withModule(moduleName));
        K8sService service = new K8sServiceReader(values, layerModules).read(module, moduleName);
        if (service != null && service.stateful() && layerName != null) {
            checkStatefulSetName(module, moduleName, layerName);
            checkStatefulServiceName(module, moduleName, layerName);
        }
        return service;
    }

    private void checkStatefulSetName(YamlMap module, String moduleName, String layerName) {
        String name = HelmNames.fullname(layerName, moduleName);
        if (name.length() > MAX_STATEFUL_SET_NAME) {
            Ref where = module.get("name") != null ? module.get("name") : module.get("type");
            problems.error(where, "persistent_storage makes a StatefulSet named '" + name + "' (" + name.length()
                    + " characters): its pods would fail, because Kubernetes labels them with the name and a hash "
                    + "in 63 characters; shorten the layer or module name so the name has at most "
                    + MAX_STATEFUL_SET_NAME);
        }
    }

    /** With persistent storage the Service is {@code <module>-headless}, and a label carries it with the layer. */
    private void checkStatefulServiceName(YamlMap module, String name, String layerName) {
        String label = name + "-headless-" + layerName;
        if (label.length() > 63 && layerName.length() + 1 + name.length() <= 63) {
            problems.error(module.get("persistent_storage"), "'" + label + "' is longer than 63 characters: with "
                    + "persistent_storage the Service is named " + name + "-headless and a label (tags.datadoghq.com/"
                    + "service) carries it with the layer name, so shorten the layer or module name");
        }
    }

    private void checkServiceName(YamlMap module, String name, String layerName) {
        Ref where = module.get("name") != null ? module.get("name") : module.get("type");
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals(name)) {
            problems.error(where, "'" + name + "' has uppercase letters: the module name becomes part of Kubernetes "
                    + "names, which must be lowercase (e.g. '" + lower + "')");
        } else if (!Character.isLetter(name.charAt(0))) {
            problems.error(where, "'" + name + "' starts with a digit: the module name becomes the Service name, "
                    + "which must start with a letter");
        } else if (layerName != null && layerName.length() + 1 + name.length() > 63) {
            problems.error(where, "'" + layerName + "-" + name + "' is longer than 63 characters: Kubernetes labels "
                    + "carry it, so shorten the layer or module name");
        }
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
