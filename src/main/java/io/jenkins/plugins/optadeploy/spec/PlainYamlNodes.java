package io.jenkins.plugins.optadeploy.spec;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Rules on the composed node tree, each reported at its field: only the standard tags, no merge keys, plain string
 * keys, no alias as a key, no duplicate key.
 */
final class PlainYamlNodes {
    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ, Tag.TIMESTAMP);

    private PlainYamlNodes() {}

    static void check(Ref root, Problems problems) {
        inspect(root, problems, Collections.newSetFromMap(new IdentityHashMap<>()), new IdentityHashMap<>());
    }

    private static void inspect(Ref ref, Problems problems, Set<Node> seen, Map<Node, Node> keys) {
        Node node = ref.node();
        if (!seen.add(node)) {
            return;
        }
        if (!STANDARD_TAGS.contains(node.getTag()) && !Tag.MERGE.equals(node.getTag())) {
            problems.error(ref, tagRefused(node.getTag()));
            return;
        }
        if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                inspect(ref.item(i, seq.getValue().get(i)), problems, seen, keys);
            }
        } else if (node instanceof MappingNode map) {
            Map<String, Node> firstKeys = new HashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node key = tuple.getKeyNode();
                if (Tag.MERGE.equals(key.getTag())) {
                    problems.error(ref.at(key), "YAML merge keys (<<) are not supported: write the keys out");
                    continue;
                }
                if (!(key instanceof ScalarNode scalar)) {
                    problems.error(ref.at(key), "a key must be a plain string, found " + YamlTypes.describe(key));
                    continue;
                }
                Ref child = ref.child(scalar.getValue(), tuple.getValueNode());
                if (keys.putIfAbsent(key, key) != null) {
                    // an alias shares its anchor's node, so the value shows where the alias is written
                    problems.error(child, "this key is an alias" + (key.getAnchor() == null ? "" : " (*" + key.getAnchor() + ")")
                            + " of the key at line " + (key.getStartMark().getLine() + 1)
                            + ": aliases cannot be keys here; write the key out");
                    continue;
                }
                Node first = firstKeys.putIfAbsent(scalar.getValue(), key);
                if (first != null) {
                    problems.error(child.at(key), "duplicate key '" + scalar.getValue() + "' (first defined at line "
                            + (first.getStartMark().getLine() + 1) + "): remove one of them");
                    continue;
                }
                inspect(child, problems, seen, keys);
            }
        }
    }

    static String tagRefused(Tag tag) {
        String value = tag.getValue();
        String shown = value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
        return "the tag " + shown + " is not allowed: only plain YAML (strings, numbers, booleans, lists, maps) is accepted";
    }
}
