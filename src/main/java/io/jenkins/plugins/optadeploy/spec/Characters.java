package io.jenkins.plugins.optadeploy.spec;

import java.util.Locale;

/** Shows characters so that a message stays on one line and nothing in it is invisible or mistaken for another. */
final class Characters {
    private Characters() {}

    /** {@code '+'} for a visible ASCII character, else its code and name: {@code U+200B zero width space}. */
    static String describe(int codePoint) {
        if (codePoint > 0x20 && codePoint < 0x7F) {
            return "'" + (char) codePoint + "'";
        }
        if (codePoint == ' ') {
            return "a space";
        }
        String name = Character.getName(codePoint);
        String described = code(codePoint) + (name == null ? "" : " " + name.toLowerCase(Locale.ROOT));
        return hidden(codePoint) ? described : "'" + Character.toString(codePoint) + "' (" + described + ")";
    }

    static String code(int codePoint) {
        return String.format(Locale.ROOT, "U+%04X", codePoint);
    }

    /** The text with every control, format, separator or non-ASCII space character written as an escape. */
    static String escape(String text) {
        if (text.codePoints().noneMatch(Characters::hidden)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (hidden(c)) {
                out.append(c > 0xFFFF ? String.format(Locale.ROOT, "\\U%08x", c) : String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** A character the reader of a message cannot see, or that breaks the line. */
    static boolean hidden(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || (type == Character.SPACE_SEPARATOR && c != ' ');
    }

    /** The first non-ASCII character of a key, which is hidden or only looks like the ASCII one; -1 if none. */
    static int firstNonAscii(String text) {
        return text.codePoints().filter(c -> c > 0x7E || c < 0x20).findFirst().orElse(-1);
    }
}
