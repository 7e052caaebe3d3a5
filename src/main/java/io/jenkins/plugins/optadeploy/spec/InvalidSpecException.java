package io.jenkins.plugins.optadeploy.spec;

import java.util.List;
import java.util.stream.Collectors;

/** The spec cannot be deployed; carries every problem found in one pass. Nothing has been pushed or applied. */
public final class InvalidSpecException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<SpecProblem> problems;

    public InvalidSpecException(List<SpecProblem> problems) {
        super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
