package io.jenkins.plugins.optadeploy.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The environment of a service file: the {@code environments} entry chosen, and the environment file it names. */
final class EnvironmentReader {
    private static final List<String> ENVIRONMENT_FILE_FIELDS = List.of("name", "org_name", "providers", "modules",
            "environments");
    private static final List<String> ENVIRONMENT_FIELDS = List.of("name", "path", "variables", "vars");

    /** Whatever the environment contributes: its label, its file's name and org, and its variable maps. */
    record Environment(String label, String fileName, String orgName, Ref variables, Ref vars, byte[] bytes,
            boolean fileFailed) {}

    /** Several environments and none chosen: already reported once, so nothing that depends on it is reported again. */
    static final Environment UNCHOSEN = new Environment(null, null, null, null, null, null, true);

    private final Problems problems;
    private final SpecInputs inputs;
    private final SpecReader.EnvironmentFiles environmentFiles;

    /** @param environmentFiles reads environment files, or null when the caller has no workspace */
    EnvironmentReader(Problems problems, SpecInputs inputs, SpecReader.EnvironmentFiles environmentFiles) {
        this.problems = problems;
        this.inputs = inputs;
        this.environmentFiles = environmentFiles;
    }

    /** The requested environment, the only one listed, {@link #UNCHOSEN}, or null when there is none or it fails. */
    Environment read(YamlMap top, Values literal) {
        Ref ref = top.get("environments");
        List<Ref> items = ref == null ? List.of() : literal.list(ref);
        if (items == null) {
            return null;
        }
        Map<String, YamlMap> entries = entries(items, literal);
        String wanted = inputs.environment();
        if (wanted == null && entries.size() > 1) {
            problems.error(top.keyRef("environments"), "the file lists " + entries.size() + " environments ("
                    + String.join(", ", entries.keySet()) + "): choose one with --env NAME on the command line, or "
                    + "env: 'NAME' in the Jenkins step");
            return UNCHOSEN;
        }
        if (wanted == null) {
            return entries.isEmpty() ? null : chosen(entries.keySet().iterator().next(), entries.values().iterator().next());
        }
        YamlMap chosen = entries.get(wanted);
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
        return chosen(wanted, chosen);
    }

    /** The entries by name, each checked. */
    private Map<String, YamlMap> entries(List<Ref> items, Values literal) {
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
        return entries;
    }

    /** The chosen entry's variables, and its environment file when the workspace has it. */
    private Environment chosen(String label, YamlMap chosen) {
        Ref variables = chosen.get("variables");
        Ref vars = chosen.get("vars");
        Ref pathRef = chosen.get("path");
        String path = pathRef == null || !YamlTypes.isString(pathRef.node()) ? null : ((ScalarNode) pathRef.node()).getValue();
        if (path != null && isGitUrl(path)) {
            problems.error(pathRef, "'" + path + "' is a git URL: only environment files inside the workspace are "
                    + "supported; check the environment file out into the workspace and give its relative path");
            return new Environment(label, null, null, variables, vars, null, true);
        }
        if (path == null || environmentFiles == null) {
            return new Environment(label, null, null, variables, vars, null, path == null);
        }
        SpecReader.Loaded loaded = environmentFiles.load(pathRef, path, problems);
        if (loaded == null) {
            return new Environment(label, null, null, variables, vars, null, true);
        }
        return environmentFile(label, loaded, variables, vars);
    }

    private static boolean isGitUrl(String path) {
        return path.startsWith("git@") || path.startsWith("git::") || path.contains("?ref=")
                || path.contains("://") && !path.startsWith("file:");
    }

    private Environment environmentFile(String label, SpecReader.Loaded loaded, Ref variables, Ref vars) {
        Node root = SafeYaml.parse(loaded.source(), loaded.bytes().length, problems);
        YamlMap env = root == null ? null : OptaFile.top(loaded.source(), root, ENVIRONMENT_FILE_FIELDS, problems);
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
}
