package io.jenkins.plugins.optadeploy.spec;

import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
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
import org.yaml.snakeyaml.nodes.Node;
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


    private SafeYaml() {}

    /** The document's root node, or null after reporting why there is none. */
    static Node parse(SourceFile file, int byteLength, Problems problems) {
        Ref whole = new Ref(file, null, "");
        if (byteLength > MAX_BYTES) {
            problems.error(whole, "file is " + byteLength + " bytes; the limit is " + MAX_BYTES
                    + " bytes (1 MiB): an Opta service file is never that large");
            return null;
        }
        SpecProblem unreadable = YamlText.firstDisallowedCharacter(file);
        if (unreadable == null) {
            unreadable = YamlText.noBreakSpaceIndentation(file);
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
        PlainYamlNodes.check(new Ref(file, root, ""), problems);
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
        // Composing builds nodes only, never objects, so any tag may be composed: PlainYamlNodes then refuses it with its field.
        options.setTagInspector(tag -> true);
        return options;
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
            return PlainYamlNodes.tagRefused(new Tag(text.substring("Global tag is not allowed: ".length()).trim()));
        }
        if (e instanceof MarkedYAMLException marked && marked.getContext() != null) {
            return marked.getContext() + ", " + text.trim();
        }
        return text.trim();
    }
}
