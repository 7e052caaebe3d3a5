package io.jenkins.plugins.optadeploy.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Collects every error and warning of one read so the user sees all of them at once: each on one line, with hidden
 * characters escaped, repeats of one message grouped and the list capped.
 */
final class Problems {
    /** Occurrences of one message shown before the rest are counted instead. */
    static final int REPEATS_SHOWN = 3;
    /** Problems shown at most; the rest are counted. */
    static final int MAX_SHOWN = 100;

    private final List<SpecProblem> errors = new ArrayList<>();
    private final List<SpecProblem> warnings = new ArrayList<>();
    private final List<String> fileOrder = new ArrayList<>();
    private int unusable;

    void error(Ref ref, String message) {
        errors.add(locate(ref, -1, message));
    }

    /** An error at a character offset inside the scalar's value (e.g. an unknown placeholder). */
    void error(Ref ref, int offsetInValue, String message) {
        errors.add(locate(ref, offsetInValue, message));
    }

    void error(SpecProblem problem) {
        errors.add(oneLine(problem));
    }

    void warning(Ref ref, String message) {
        warnings.add(locate(ref, -1, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Errors, and values left unusable by an error already reported (which count, but are not shown again). */
    int errorCount() {
        return errors.size() + unusable;
    }

    /** A value cannot be read because of an error already reported. */
    void unusable() {
        unusable++;
    }

    /** Files are reported in the order they were read (service file first), then by position. */
    void fileRead(String name) {
        String shown = Characters.escape(name);
        if (!fileOrder.contains(shown)) {
            fileOrder.add(shown);
        }
    }

    List<SpecProblem> errors() {
        return shown(sorted(errors));
    }

    List<SpecProblem> warnings() {
        return shown(sorted(warnings));
    }

    /**
     * The first occurrences of each message, then one line at the next occurrence counting the rest; at most about
     * {@link #MAX_SHOWN} lines, the last one at the first problem left out counting those.
     */
    private static List<SpecProblem> shown(List<SpecProblem> all) {
        Map<String, Integer> total = new HashMap<>();
        all.forEach(problem -> total.merge(problem.message(), 1, Integer::sum));
        Map<String, Integer> occurrence = new HashMap<>();
        Set<String> summarized = new HashSet<>();
        List<SpecProblem> out = new ArrayList<>();
        SpecProblem firstLeftOut = null;
        int leftOut = 0;
        for (SpecProblem problem : all) {
            String message = problem.message();
            int count = total.get(message);
            boolean repeat = occurrence.merge(message, 1, Integer::sum) > REPEATS_SHOWN && count > REPEATS_SHOWN + 1;
            if (repeat && summarized.contains(message)) {
                continue;
            }
            if (out.size() >= MAX_SHOWN) {
                firstLeftOut = firstLeftOut == null ? problem : firstLeftOut;
                leftOut++;
            } else if (repeat) {
                out.add(new SpecProblem(problem.file(), problem.line(), problem.column(), problem.path(),
                        "the same problem " + (count - REPEATS_SHOWN) + " more times from here (not shown)"));
                summarized.add(message);
            } else {
                out.add(problem);
            }
        }
        if (leftOut > 0) {
            out.add(new SpecProblem(firstLeftOut.file(), firstLeftOut.line(), firstLeftOut.column(), "", leftOut
                    + " more problems from here (not shown): fix the ones above first"));
        }
        return out;
    }

    private List<SpecProblem> sorted(List<SpecProblem> problems) {
        List<SpecProblem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt((SpecProblem p) -> fileRank(p.file()))
                .thenComparingInt(SpecProblem::line)
                .thenComparingInt(SpecProblem::column));
        return copy;
    }

    private int fileRank(String file) {
        int index = fileOrder.indexOf(file);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static SpecProblem oneLine(SpecProblem problem) {
        return new SpecProblem(Characters.escape(problem.file()), problem.line(), problem.column(), Characters.escape(problem.path()),
                Characters.escape(problem.message()));
    }

    private static SpecProblem locate(Ref ref, int offsetInValue, String message) {
        return oneLine(position(ref, offsetInValue, message));
    }

    private static SpecProblem position(Ref ref, int offsetInValue, String message) {
        Node node = ref.node();
        if (node == null || node.getStartMark() == null) {
            return new SpecProblem(ref.file().name(), 0, 0, ref.path(), message);
        }
        Mark start = node.getStartMark();
        int column = start.getColumn() + 1;
        if (offsetInValue >= 0 && node instanceof ScalarNode scalar) {
            column += offsetInside(ref.file(), scalar, offsetInValue);
        }
        return new SpecProblem(ref.file().name(), start.getLine() + 1, column, ref.path(), message);
    }

    /**
     * Moves the column to a character of a one-line scalar when the source text shows the value literally; otherwise
     * (escapes, folding, several lines) the scalar's start is the honest answer.
     */
    private static int offsetInside(SourceFile file, ScalarNode scalar, int offset) {
        Mark start = scalar.getStartMark();
        Mark end = scalar.getEndMark();
        if (end == null || start.getLine() != end.getLine()) {
            return 0;
        }
        String line = file.line(start.getLine());
        if (line == null || end.getColumn() > line.length() || start.getColumn() >= end.getColumn()) {
            return 0;
        }
        String raw = line.substring(start.getColumn(), end.getColumn());
        DumperOptions.ScalarStyle style = scalar.getScalarStyle();
        int quote = style == DumperOptions.ScalarStyle.SINGLE_QUOTED || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED ? 1 : 0;
        if (quote == 1 && raw.length() >= 2) {
            raw = raw.substring(1, raw.length() - 1);
        }
        return raw.equals(scalar.getValue()) && offset <= raw.length() ? quote + offset : 0;
    }
}
