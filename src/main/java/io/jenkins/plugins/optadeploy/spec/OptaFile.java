package io.jenkins.plugins.optadeploy.spec;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Recognises a service or environment file before reading it. */
final class OptaFile {
    private OptaFile() {}

    /**
     * The top-level map, or null after saying the file is not an Opta file: a file that is not a map, or none of
     * whose keys is (or nearly is) an Opta key, is described without quoting any of it (it may be any file).
     */
    static YamlMap top(SourceFile source, Node root, List<String> known, Problems problems) {
        String found = root instanceof SequenceNode ? "a list" : root instanceof ScalarNode ? "a single value" : null;
        if (found == null) {
            YamlMap top = YamlMap.of(new Ref(source, root, ""), problems);
            if (top.keys().stream().anyMatch(key -> known.contains(key) || Suggestions.closest(key, known) != null)) {
                return top;
            }
            found = "a map without any Opta field";
        }
        problems.error(new SpecProblem(source.name(), 1, 1, "", "not an Opta file: its top level is " + found
                + ", where an Opta file is a map with name and modules"));
        return null;
    }
}
