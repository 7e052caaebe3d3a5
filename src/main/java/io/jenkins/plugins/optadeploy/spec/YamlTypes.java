package io.jenkins.plugins.optadeploy.spec;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Names a node's YAML type the way a user reads it: "a list", "an integer (8080)". */
final class YamlTypes {
    private YamlTypes() {}

    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof ScalarNode scalar) {
            String value = " (" + shorten(scalar.getValue()) + ")";
            Tag tag = node.getTag();
            if (Tag.STR.equals(tag)) {
                return "a string" + value;
            }
            if (Tag.INT.equals(tag)) {
                return "an integer" + value;
            }
            if (Tag.FLOAT.equals(tag)) {
                return "a number" + value;
            }
            if (Tag.BOOL.equals(tag)) {
                return "a boolean" + value;
            }
            if (Tag.NULL.equals(tag)) {
                return "nothing (null)";
            }
            if (Tag.TIMESTAMP.equals(tag)) {
                return "a date" + value;
            }
        }
        return "a value tagged " + node.getTag().getValue();
    }

    static String shorten(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 40 ? oneLine.substring(0, 37) + "..." : oneLine;
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode && Tag.STR.equals(node.getTag());
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }
}
