package io.jenkins.plugins.optadeploy.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Collects every error and warning of one read so the user sees all of them at once. */
final class Problems {
    private final List<SpecProblem> errors = new ArrayList<>();
    private final List<SpecProblem> warnings = new ArrayList<>();
    private final List<String> fileOrder = new ArrayList<>();

    void error(Ref ref, String message) {
        errors.add(locate(ref, -1, message));
    }

    /** An error at a character offset inside the scalar's value (e.g. an unknown placeholder). */
    void error(Ref ref, int offsetInValue, String message) {
        errors.add(locate(ref, offsetInValue, message));
    }

    void error(SpecProblem problem) {
        errors.add(problem);
    }

    void warning(Ref ref, String message) {
        warnings.add(locate(ref, -1, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size();
    }

    /** Files are reported in the order they were read (service file first), then by position. */
    void fileRead(String name) {
        if (!fileOrder.contains(name)) {
            fileOrder.add(name);
        }
    }

    List<SpecProblem> errors() {
        return sorted(errors);
    }

    List<SpecProblem> warnings() {
        return sorted(warnings);
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

    private static SpecProblem locate(Ref ref, int offsetInValue, String message) {
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
