package io.jenkins.plugins.optadeploy.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks on a file's text before it is parsed, for mistakes the parser would report without a line or misleadingly. */
final class YamlText {
    /** Leading spaces and dashes with a no-break space among them (group 1), then {@code key:}. */
    private static final Pattern KEY_AFTER_NO_BREAK_SPACE = Pattern.compile("[ -]*(\u00A0)[ \u00A0-]*[^\\s:#][^:#]*:(\\s.*)?");

    private YamlText() {}

    /** The first character YAML does not allow, at its line and column (snakeyaml reports it without a line). */
    static SpecProblem firstDisallowedCharacter(SourceFile file) {
        String text = file.text();
        int line = 1;
        int column = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            column++;
            if (c == '\n') {
                line++;
                column = 0;
            } else if (!printable(c)) {
                return new SpecProblem(file.name(), line, column, "", "the character " + Characters.describe(c)
                        + " is not allowed in YAML: remove it (a tab or a plain space is written as such)");
            }
        }
        return null;
    }

    /**
     * A no-break space among the leading spaces of a line that holds a key: YAML reads it as part of the key, so the
     * parser's own error, or the unknown key, would mislead. (Other lines may be text of a block scalar.)
     */
    static SpecProblem noBreakSpaceIndentation(SourceFile file) {
        String[] lines = file.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher line = KEY_AFTER_NO_BREAK_SPACE.matcher(lines[i]);
            if (line.matches()) {
                int column = line.start(1);
                return new SpecProblem(file.name(), i + 1, column + 1, "", "a no-break space (U+00A0) in the "
                        + "indentation: YAML indents with plain spaces only; retype the indentation");
            }
        }
        return null;
    }

    /** YAML's printable set, as snakeyaml's reader checks it (the byte order mark aside). */
    private static boolean printable(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
