package io.jenkins.plugins.optadeploy.spec;

import java.io.Serializable;

/**
 * One located problem in a spec: {@code opta.yaml:12:5: modules[0].port: <message>}.
 *
 * @param file    file name as the user knows it (relative to the workspace)
 * @param line    1-based line, 0 when the problem has no position (e.g. a missing file)
 * @param column  1-based column, 0 when unknown
 * @param path    field path such as {@code modules[0].port.http}, or empty for the whole file
 * @param message what is wrong and, where possible, what to do
 */
public record SpecProblem(String file, int line, int column, String path, String message) implements Serializable {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }
}
