package io.jenkins.plugins.optadeploy.spec;

/** A file as read, with its name as the user knows it; the text lets messages point inside a scalar. */
final class SourceFile {
    private final String name;
    private final String text;
    private String[] lines;

    SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    /** The 0-based line of the text, or null when out of range. */
    String line(int index) {
        if (lines == null) {
            lines = text.split("\n", -1);
        }
        return index >= 0 && index < lines.length ? lines[index] : null;
    }
}
