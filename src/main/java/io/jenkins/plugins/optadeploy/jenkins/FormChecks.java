package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.image.RegistryAddress;
import java.util.regex.Pattern;

/** The syntax rules the forms and the run-time checks share; each returns null when the value is fine. */
final class FormChecks {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private FormChecks() {}

    static String relativePathProblem(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        String p = path.trim().replace('\\', '/');
        if (p.startsWith("/") || p.matches("[A-Za-z]:.*") || p.startsWith("~")) {
            return "must be a path relative to the workspace, not " + path.trim();
        }
        for (String segment : p.split("/")) {
            if (segment.equals("..")) {
                return "must stay inside the workspace: remove the '..' from " + path.trim();
            }
        }
        return null;
    }

    static String timeoutProblem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim()) > 0 ? null : "must be a positive number of seconds";
        } catch (NumberFormatException e) {
            return "must be a positive whole number of seconds, not " + value.trim();
        }
    }

    /** {@code host} or {@code host:port}, as a registry is written in an image reference. */
    static String registryProblem(String value) {
        return value == null || value.isBlank() ? null : RegistryAddress.problem(value);
    }

    static String tagProblem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return TAG.matcher(value.trim()).matches() ? null
                : "a tag has up to 128 letters, digits, '_', '.' and '-', and does not start with '.' or '-'";
    }
}
