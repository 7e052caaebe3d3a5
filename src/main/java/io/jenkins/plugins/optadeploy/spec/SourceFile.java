package io.jenkins.plugins.optadeploy.spec;

/** A file as read, with its name as the user knows it; the text lets messages point inside a scalar. */
record SourceFile(String name, String text) {

    /** The 0-based line of the text, or null when out of range. */
    String line(int index) {
        String[] lines = text.split("\n", -1);
        return index >= 0 && index < lines.length ? lines[index] : null;
    }
}
