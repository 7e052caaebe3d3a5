package io.jenkins.plugins.optadeploy.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opta's {@code {name}} substitution over string values, except that an unknown placeholder is an error (Opta silently
 * renders it empty). {@code {{} and {@code }}} are literal braces, so {@code ${{module.x.y}}} stays the Terraform text
 * {@code ${module.x.y}}.
 *
 * @param variables     merged variables for {@code {vars.x}} / {@code {variables.x}}
 * @param reported      placeholders whose value is missing for a reason already reported (a required variable
 *                      without value, an environment file that could not be read): not reported again at each use
 * @param environment   the environment file's name for {@code {env}} and {@code {parent_name}}, or null
 * @param layerName     the service file's name
 * @param moduleName    the k8s-service module's name
 * @param parentOutputs values for {@code {parent.x}}
 * @param environmentUnchosen several environments and none chosen (reported once): variables and {@code {env}} are
 *                      not reported again
 */
record Interpolator(Map<String, String> variables, Set<String> reported, String environment, String layerName, String moduleName,
        Map<String, String> parentOutputs, boolean environmentUnchosen) {

    private static final List<String> PLAIN_NAMES = List.of("env", "layer_name", "module_name", "parent_name");
    private static final Pattern TERRAFORM_REFERENCE = Pattern.compile("\\$\\{module\\.[^}]*}");

    Interpolator withModule(String module) {
        return new Interpolator(variables, reported, environment, layerName, module, parentOutputs, environmentUnchosen);
    }

    /** The interpolated text, or null after reporting each bad placeholder at its position in the value. */
    String apply(Ref ref, String text, Problems problems) {
        StringBuilder out = new StringBuilder(text.length());
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
            if ((c == '{' || c == '}') && doubled) {
                out.append(c);
                i += 2;
            } else if (c == '}') {
                problems.error(ref, i, "unmatched '}' in " + quote(text) + ": write a literal brace as '}}'");
                ok = false;
                i++;
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                if (close < 0) {
                    problems.error(ref, i, "unmatched '{' in " + quote(text) + ": write a literal brace as '{{'");
                    return null;
                }
                String name = text.substring(i + 1, close);
                if (name.indexOf('{') >= 0) {
                    problems.error(ref, i, "placeholders cannot be nested (" + quote(text) + "): write one variable's "
                            + "name, e.g. {vars.name}; for a literal brace write '{{'");
                    return null;
                }
                String value = resolve(ref, name, i, problems);
                ok &= value != null;
                if (value != null) {
                    out.append(value);
                }
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        if (!ok) {
            return null;
        }
        String result = out.toString();
        Matcher reference = TERRAFORM_REFERENCE.matcher(result);
        if (reference.find()) {
            problems.warning(ref, "the Terraform reference " + reference.group()
                    + " cannot be resolved by this plugin and is passed on as literal text");
        }
        return result;
    }

    private String resolve(Ref ref, String name, int offset, Problems problems) {
        if (reported.contains(name) || waitsForTheEnvironment(name)) {
            problems.unusable(); // unknown for a reason reported once: not another problem
            return null;
        }
        String value = switch (name) {
            case "layer_name" -> layerName;
            case "module_name" -> moduleName;
            case "env", "parent_name" -> environment;
            default -> null;
        };
        if (value != null) {
            return value;
        }
        String message;
        if (name.equals("env") || name.equals("parent_name")) {
            message = "{" + name + "} is the environment file's name, but no environment file is used here: "
                    + "select an environment whose file is in the workspace, or write the value";
        } else if (name.startsWith("vars.") || name.startsWith("variables.")) {
            String variable = name.substring(name.indexOf('.') + 1);
            value = variables.get(variable);
            message = variable.isEmpty() ? "'{" + name + "}' names no variable: write e.g. {vars.image_tag}"
                    : "unknown variable '" + variable + "'" + Suggestions.didYouMean(variable, variables.keySet())
                    + ": declare it under input_variables (with a default) or in the environment's variables, "
                    + "or pass it with --var " + variable + "=...";
        } else if (name.startsWith("parent.")) {
            String output = name.substring("parent.".length());
            value = parentOutputs.get(output);
            message = "the environment output '" + output + "' was not supplied"
                    + Suggestions.didYouMean(output, parentOutputs.keySet())
                    + ": pass it as a parent output (see 'opta output' on the environment) or write the value";
        } else if (name.startsWith("module.")) {
            message = "unknown placeholder '{" + name + "}': module outputs are not available to this plugin "
                    + "(Opta would render it as an empty string); write the value or pass it as a variable";
        } else {
            String near = Suggestions.closest(name, PLAIN_NAMES);
            message = "unknown placeholder '{" + name + "}'"
                    + (near != null ? "; did you mean '{" + near + "}'?" : "")
                    + " (to write literal braces, double them: '{{" + name + "}}')";
        }
        if (value == null) {
            problems.error(ref, offset, message);
        }
        return value;
    }

    /** With no environment chosen, {env}, {parent_name} and the variables only an environment could set. */
    private boolean waitsForTheEnvironment(String name) {
        if (!environmentUnchosen) {
            return false;
        }
        if (name.equals("env") || name.equals("parent_name")) {
            return true;
        }
        return (name.startsWith("vars.") || name.startsWith("variables."))
                && !variables.containsKey(name.substring(name.indexOf('.') + 1));
    }

    private static String quote(String text) {
        return "'" + YamlTypes.shorten(text) + "'";
    }
}
