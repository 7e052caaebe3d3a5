package io.jenkins.plugins.optadeploy.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Redacts the values of any {@code Secret}'s {@code data}/{@code stringData} in rendered YAML before it is shown. The
 * renderer only references secrets, so normally nothing matches; this pass guarantees a page never shows one.
 * Works on the text (indentation), so it never instantiates anything from the YAML.
 */
final class ManifestRedactor {
    static final String REDACTED = "<redacted>";
    private static final Pattern DOC_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern SECRET_KIND = Pattern.compile("(?m)^kind:\\s*[\"']?Secret[\"']?\\s*$");

    private ManifestRedactor() {}

    static String redact(String yaml) {
        if (yaml == null || yaml.isEmpty()) {
            return "";
        }
        String[] docs = DOC_SEPARATOR.split(yaml, -1);
        List<String> out = new ArrayList<>();
        for (String doc : docs) {
            out.add(SECRET_KIND.matcher(doc).find() ? redactSecret(doc) : doc);
        }
        return String.join("---", out);
    }

    private static String redactSecret(String doc) {
        StringBuilder b = new StringBuilder();
        boolean inData = false;
        for (String line : doc.split("\n", -1)) {
            boolean topLevel = !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
            if (topLevel) {
                inData = line.matches("(data|stringData):.*");
                if (inData && !line.matches("(data|stringData):\\s*$")) {
                    // flow style on one line: data: {a: b}
                    line = line.substring(0, line.indexOf(':') + 1) + " " + REDACTED;
                    inData = false;
                }
            } else if (inData && line.contains(":")) {
                int colon = line.indexOf(':');
                line = line.substring(0, colon + 1) + " " + REDACTED;
            } else if (inData && !line.isBlank()) {
                continue; // continuation of a block scalar value
            }
            b.append(line).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }
}
