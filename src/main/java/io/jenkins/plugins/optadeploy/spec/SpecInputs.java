package io.jenkins.plugins.optadeploy.spec;

import java.util.Map;

/**
 * What the caller supplies besides the file.
 *
 * @param environment   the {@code environments[].name} label to use, or null (allowed when the file lists at most one)
 * @param vars          {@code --var k=v} values
 * @param parentOutputs values for {@code {parent.x}} placeholders (outputs of the environment)
 */
public record SpecInputs(String environment, Map<String, String> vars, Map<String, String> parentOutputs) {

    public SpecInputs {
        vars = vars == null ? Map.of() : Collections2.orderedCopy(vars);
        parentOutputs = parentOutputs == null ? Map.of() : Collections2.orderedCopy(parentOutputs);
    }

    /** No environment choice, no variables, no parent outputs. */
    public static SpecInputs none() {
        return new SpecInputs(null, Map.of(), Map.of());
    }

    public SpecInputs withEnvironment(String environmentLabel) {
        return new SpecInputs(environmentLabel, vars, parentOutputs);
    }
}
