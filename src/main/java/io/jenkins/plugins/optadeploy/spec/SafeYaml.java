package io.jenkins.plugins.optadeploy.spec;

import java.io.StringReader;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses a file into a snakeyaml node tree (never into Java objects), with limits that keep hostile input cheap:
 * size, nesting depth, alias expansion; then rejects non-standard tags, merge keys and duplicate keys.
 */
final class SafeYaml {
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 40;
    /** Far more values than any service has; also bounds snakeyaml's scanner, which slows down on huge flow maps. */
    static final int MAX_VALUES = 50_000;
    private static final String ALIAS_BOMB = "more than " + MAX_ALIASES
            + " aliases to lists or maps: alias expansion (\"billion laughs\") is refused";

    /** Leading spaces and dashes with a no-break space among them (group 1), then {@code key:}. */
    private static final Pattern KEY_AFTER_NO_BREAK_SPACE = Pattern.compile("[ -]*(\u00A0)[ \u00A0-]*[^\\s:#][^:#]*:(\\s.*)?");
    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ, Tag.TIMESTAMP);

    private SafeYaml() {}

    /** The document's root node, or null after reporting why there is none. */
    static Node parse(SourceFile file, int byteLength, Problems problems) {
        Ref whole = new Ref(file, null, "");
        if (byteLength > MAX_BYTES) {
            problems.error(whole, "file is " + byteLength + " bytes; the limit is " + MAX_BYTES
                    + " bytes (1 MiB): an Opta service file is never that large");
            return null;
        }
        SpecProblem unreadable = checkCharacters(file);
        if (unreadable == null) {
            unreadable = noBreakSpaceIndentation(file);
        }
        if (unreadable != null) {
            problems.error(unreadable);
            return null;
        }
        Node root;
        try {
            SpecProblem tooComplex = checkLimits(file, new Yaml(options()).parse(new StringReader(file.text())));
            if (tooComplex != null) {
                problems.error(tooComplex);
                return null;
            }
            root = new Yaml(options()).compose(new StringReader(file.text()));
        } catch (MarkedYAMLException e) {
            String message = describe(e);
            problems.error(atMark(file, e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(),
                    message.startsWith("the tag ") ? message : "not valid YAML: " + message));
            return null;
        } catch (YAMLException | StackOverflowError e) {
            problems.error(whole, "not valid YAML: " + describe(e));
            return null;
        }
        if (root == null) {
            problems.error(new SpecProblem(file.name(), 1, 1, "", "the file is empty: it needs name and modules"));
            return null;
        }
        int before = problems.errorCount();
        inspect(new Ref(file, root, ""), problems, Collections.newSetFromMap(new IdentityHashMap<>()),
                new IdentityHashMap<>());
        return problems.errorCount() == before ? root : null;
    }

    /**
     * Streams the parser events once to find alias bombs and deep nesting with their position, before the composer
     * (which enforces the same limits, without positions) builds anything.
     */
    private static SpecProblem checkLimits(SourceFile file, Iterable<Event> events) {
        Set<String> collectionAnchors = new HashSet<>();
        int depth = 0;
        int aliases = 0;
        int values = 0;
        for (Event event : events) {
            if (event instanceof ScalarEvent scalar && ++values > MAX_VALUES) {
                return atMark(file, scalar.getStartMark(), "more than " + MAX_VALUES + " values: an Opta file has far "
                        + "fewer, so this one is not read further");
            }
            if (event instanceof CollectionStartEvent start) {
                if (++depth > MAX_DEPTH) {
                    return atMark(file, start.getStartMark(), "nested deeper than " + MAX_DEPTH + " levels");
                }
                if (start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                    && ++aliases > MAX_ALIASES) {
                return atMark(file, alias.getStartMark(), ALIAS_BOMB);
            }
        }
        return null;
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setMergeOnCompose(false);
        // Composing builds nodes only, never objects, so any tag may be composed: inspect() then refuses it with its field.
        options.setTagInspector(tag -> true);
        return options;
    }

    /** The first character YAML does not allow, at its line and column (snakeyaml reports it without a line). */
    private static SpecProblem checkCharacters(SourceFile file) {
        String text = file.text();
        int line = 1;
        int column = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            column++;
            if (c == '\n') {
                line++;
                column = 0;
            } else if (!printable(c)) {
                return new SpecProblem(file.name(), line, column, "", "the character " + Characters.describe(c)
                        + " is not allowed in YAML: remove it (a tab or a plain space is written as such)");
            }
        }
        return null;
    }

    /**
     * A no-break space among the leading spaces of a line that holds a key: YAML reads it as part of the key, so the
     * parser's own error, or the unknown key, would mislead. (Other lines may be text of a block scalar.)
     */
    private static SpecProblem noBreakSpaceIndentation(SourceFile file) {
        String[] lines = file.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher line = KEY_AFTER_NO_BREAK_SPACE.matcher(lines[i]);
            if (line.matches()) {
                int column = line.start(1);
                return new SpecProblem(file.name(), i + 1, column + 1, "", "a no-break space (U+00A0) in the "
                        + "indentation: YAML indents with plain spaces only; retype the indentation");
            }
        }
        return null;
    }

    /** YAML's printable set, as snakeyaml's reader checks it (the byte order mark aside). */
    private static boolean printable(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static void inspect(Ref ref, Problems problems, Set<Node> seen, Map<Node, Node> keys) {
        Node node = ref.node();
        if (!seen.add(node)) {
            return;
        }
        if (!STANDARD_TAGS.contains(node.getTag()) && !Tag.MERGE.equals(node.getTag())) {
            problems.error(ref, "the tag " + shortTag(node.getTag()) + " is not allowed: only plain YAML (strings, numbers, booleans, lists, maps) is accepted");
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

    private static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private static SpecProblem atMark(SourceFile file, Mark mark, String message) {
        if (mark == null) {
            return new SpecProblem(file.name(), 0, 0, "", message);
        }
        return new SpecProblem(file.name(), mark.getLine() + 1, mark.getColumn() + 1, "", message);
    }

    private static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "nested too deeply";
        }
        String text = e instanceof MarkedYAMLException marked ? marked.getProblem() : e.getMessage();
        if (text == null) {
            text = e.getClass().getSimpleName();
        }
        if (text.startsWith("Number of aliases for non-scalar nodes exceeds")) {
            return ALIAS_BOMB;
        }
        if (text.startsWith("Nesting Depth exceeded")) {
            return "nested deeper than " + MAX_DEPTH + " levels";
        }
        if (text.contains("exceed the limit") || text.contains("code point")) {
            return "the file is larger than " + MAX_BYTES + " characters";
        }
        if (text.startsWith("Global tag is not allowed: ")) {
            return "the tag " + shortTag(new Tag(text.substring("Global tag is not allowed: ".length()).trim()))
                    + " is not allowed: only plain YAML (strings, numbers, booleans, lists, maps) is accepted";
        }
        if (e instanceof MarkedYAMLException marked && marked.getContext() != null) {
            return marked.getContext() + ", " + text.trim();
        }
        return text.trim();
    }
}
