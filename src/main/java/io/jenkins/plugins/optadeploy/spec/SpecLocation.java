package io.jenkins.plugins.optadeploy.spec;

import java.io.Serializable;

/**
 * Where a field was written (its key): {@code opta.yaml:14:5 modules[0].healthcheck_path}. Kept on what later stages
 * may need to trace back to the file.
 *
 * @param file   file name as the user knows it, hidden characters escaped
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path   field path such as {@code modules[0].healthcheck_path}
 */
public record SpecLocation(String file, int line, int column, String path) implements Serializable {

    static SpecLocation of(Ref ref) {
        var start = ref.node() == null ? null : ref.node().getStartMark();
        String file = Characters.escape(ref.file().name());
        return start == null ? new SpecLocation(file, 0, 0, ref.path())
                : new SpecLocation(file, start.getLine() + 1, start.getColumn() + 1, ref.path());
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + ":" + column : "") + " " + path;
    }
}
