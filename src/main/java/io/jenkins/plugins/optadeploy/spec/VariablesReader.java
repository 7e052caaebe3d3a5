package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.EnvironmentReader.Environment;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The variables interpolation uses: declared input variables, {@code --var} values and the environment's. */
final class VariablesReader {
    private static final List<String> INPUT_VARIABLE_FIELDS = List.of("name", "default", "description");

    private final Problems problems;
    private final SpecInputs inputs;

    VariablesReader(Problems problems, SpecInputs inputs) {
        this.problems = problems;
        this.inputs = inputs;
    }

    Map<String, Ref> inputVariables(YamlMap top, Values literal) {
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

    /** input_variables defaults, then --var values, then the environment's variables and vars (which must agree). */
    Map<String, String> variables(Map<String, Ref> declared, Environment environment, boolean unchosen) {
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
        if (ref == null || !(ref.node() instanceof MappingNode)) {
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

    /** Placeholders whose missing value was already reported once (not again at each use). */
    static Set<String> alreadyReported(Map<String, Ref> declared, Map<String, String> variables,
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
}
