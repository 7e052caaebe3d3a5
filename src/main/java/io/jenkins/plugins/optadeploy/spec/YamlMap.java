package io.jenkins.plugins.optadeploy.spec;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A YAML map by key, keeping each value's location and the key nodes for messages about keys. */
final class YamlMap {
    private final Ref ref;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    /** Known keys suggested for unknown ones: their absence is not reported again. */
    private final Set<String> suggested = new HashSet<>();

    private YamlMap(Ref ref, Problems problems) {
        this.ref = ref;
        this.problems = problems;
        for (NodeTuple tuple : ((MappingNode) ref.node()).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                entries.putIfAbsent(key.getValue(), tuple);
            }
        }
    }

    /** The map at {@code ref}, or null after reporting that the value is not a map. */
    static YamlMap of(Ref ref, Problems problems) {
        if (ref.node() instanceof MappingNode) {
            return new YamlMap(ref, problems);
        }
        problems.error(ref, "expected a map, found " + YamlTypes.describe(ref.node()));
        return null;
    }

    Ref ref() {
        return ref;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key}, or null when absent. An explicit null ({@code key:}) counts as absent. */
    Ref get(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || YamlTypes.isNull(tuple.getValueNode())) {
            return null;
        }
        return ref.child(key, tuple.getValueNode());
    }

    /** The value of a required key, or null after reporting it missing. */
    Ref require(String key) {
        Ref value = get(key);
        if (value == null) {
            NodeTuple tuple = entries.get(key);
            if (tuple != null) {
                problems.error(ref.child(key, tuple.getValueNode()), "required field has no value");
            } else if (suggested.contains(key)) {
                problems.unusable(); // the misspelled key's error already names it
            } else {
                problems.error(ref, "required field '" + key + "' is missing");
            }
        }
        return value;
    }

    /** Where the key itself is written: for messages about a key (unknown, ignored, deprecated). */
    Ref keyRef(String key) {
        NodeTuple tuple = entries.get(key);
        return ref.child(key, tuple.getKeyNode());
    }

    Collection<String> keys() {
        return entries.keySet();
    }

    Map<String, Ref> values() {
        Map<String, Ref> values = new LinkedHashMap<>();
        entries.forEach((key, tuple) -> values.put(key, ref.child(key, tuple.getValueNode())));
        return values;
    }

    /** Reports every key that is not in {@code known}, suggesting the nearest known one; returns the suggestions. */
    Set<String> rejectUnknown(Collection<String> known) {
        for (String key : entries.keySet()) {
            if (!known.contains(key)) {
                String near = Suggestions.closest(key, known);
                if (near != null) {
                    suggested.add(near);
                }
                problems.error(keyRef(key), "unknown field" + hiddenCharacter(key)
                        + (near == null ? "" : "; did you mean '" + near + "'?"));
            }
        }
        return suggested;
    }

    /** Why a key that looks right is unknown: a character that is invisible or only looks like an ASCII one. */
    private static String hiddenCharacter(String key) {
        int c = Characters.firstNonAscii(key);
        if (c < 0) {
            return key.equals(key.strip()) ? "" : ": it starts or ends with a space ('" + key + "')";
        }
        return Characters.hidden(c)
                ? ": it contains the invisible character " + Characters.describe(c) + " (shown escaped)"
                : ": it contains the non-ASCII character " + Characters.describe(c) + ", which may look like an ASCII one";
    }

    Node keyNode(String key) {
        return entries.get(key).getKeyNode();
    }
}
