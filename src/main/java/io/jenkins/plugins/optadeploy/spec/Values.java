package io.jenkins.plugins.optadeploy.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed reads of located values; every string is interpolated, and each failure is reported where it is written. */
final class Values {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9][0-9_]*");

    private final Problems problems;
    private final Interpolator interpolator;

    Values(Problems problems, Interpolator interpolator) {
        this.problems = problems;
        this.interpolator = interpolator;
    }

    Problems problems() {
        return problems;
    }

    /** A YAML string, interpolated; null after reporting. */
    String string(Ref ref) {
        if (!YamlTypes.isString(ref.node())) {
            problems.error(ref, "expected a string, found " + YamlTypes.describe(ref.node()) + hintQuote(ref.node()));
            return null;
        }
        return interpolator.apply(ref, ((ScalarNode) ref.node()).getValue(), problems);
    }

    /** A YAML string taken literally (names and types are never interpolated). */
    String literal(Ref ref) {
        if (!YamlTypes.isString(ref.node())) {
            problems.error(ref, "expected a string, found " + YamlTypes.describe(ref.node()) + hintQuote(ref.node()));
            return null;
        }
        return ((ScalarNode) ref.node()).getValue();
    }

    /**
     * An integer in {@code [min, max]}: a YAML integer, or a string that is one after interpolation (so
     * {@code "{vars.max_containers}"} works). Null after reporting.
     */
    Integer integer(Ref ref, long min, long max) {
        Node node = ref.node();
        String text;
        String origin = "";
        if (node instanceof ScalarNode scalar && Tag.INT.equals(node.getTag())) {
            text = scalar.getValue();
        } else if (YamlTypes.isString(node)) {
            String raw = ((ScalarNode) node).getValue();
            text = interpolator.apply(ref, raw, problems);
            if (text == null) {
                return null;
            }
            origin = text.equals(raw) ? "" : " (from " + quote(raw) + ")";
            text = text.trim();
        } else {
            problems.error(ref, "expected an integer, found " + YamlTypes.describe(node));
            return null;
        }
        if (!DECIMAL.matcher(text).matches()) {
            problems.error(ref, "expected an integer, found " + quote(text) + origin);
            return null;
        }
        BigInteger value = new BigInteger(text.replace("_", "").replace("+", ""));
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.error(ref, value + origin + " is out of range: expected " + range(min, max));
            return null;
        }
        return value.intValue();
    }

    /** A YAML boolean, or a string that is {@code true}/{@code false} after interpolation. Null after reporting. */
    Boolean bool(Ref ref) {
        Node node = ref.node();
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
            String value = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
            return value.equals("true") || value.equals("yes") || value.equals("on") || value.equals("y");
        }
        if (YamlTypes.isString(node)) {
            String text = interpolator.apply(ref, ((ScalarNode) node).getValue(), problems);
            if (text == null) {
                return null;
            }
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
            problems.error(ref, "expected true or false, found " + quote(text));
            return null;
        }
        problems.error(ref, "expected true or false, found " + YamlTypes.describe(node));
        return null;
    }

    /** A list of strings; a single string is not accepted (Opta's list validators would reject it). */
    List<String> stringList(Ref ref) {
        List<Ref> items = list(ref);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Ref item : items) {
            String value = string(item);
            ok &= value != null;
            out.add(value);
        }
        return ok ? out : null;
    }

    /** The items of a list, or null after reporting that the value is not a list. */
    List<Ref> list(Ref ref) {
        if (!(ref.node() instanceof SequenceNode seq)) {
            problems.error(ref, "expected a list, found " + YamlTypes.describe(ref.node()));
            return null;
        }
        List<Ref> items = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            items.add(ref.item(i, seq.getValue().get(i)));
        }
        return items;
    }

    /** A map of strings to scalar values (numbers and booleans are written as text, as Kubernetes needs). */
    Map<String, String> stringMap(Ref ref) {
        YamlMap map = YamlMap.of(ref, problems);
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Ref> entry : map.values().entrySet()) {
            Ref value = entry.getValue();
            String text;
            if (YamlTypes.isString(value.node())) {
                text = string(value);
            } else if (value.node() instanceof ScalarNode scalar && !YamlTypes.isNull(scalar)) {
                text = scalar.getValue();
            } else {
                problems.error(value, "expected a string, found " + YamlTypes.describe(value.node()));
                text = null;
            }
            ok &= text != null;
            out.put(entry.getKey(), text);
        }
        return ok ? out : null;
    }

    static String quote(String text) {
        return "'" + YamlTypes.shorten(text) + "'";
    }

    private static String range(long min, long max) {
        return max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
    }

    private static String hintQuote(Node node) {
        return node instanceof ScalarNode && !YamlTypes.isNull(node) ? ": put it in quotes" : "";
    }
}
