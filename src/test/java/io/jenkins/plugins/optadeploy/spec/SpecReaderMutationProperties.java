package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Mutated valid specs (keys deleted, scalars of other types, unknown keys, random strings, deep nesting): the reader
 * returns a spec or throws {@link InvalidSpecException} with located problems, never anything else.
 */
class SpecReaderMutationProperties {
    private static final Duration SAFETY_NET = Duration.ofSeconds(10);
    private static final List<String> SEEDS = List.of("full-union.yaml", "byok.yaml", "cron-only.yaml");
    private static final String IN_MEMORY_SEED = """
            name: orders
            environments:
              - name: prod
                path: prod.yaml
                variables: {replicas: 2, tier: gold}
            input_variables:
              - name: tag
                default: latest
            modules:
              - type: k8s-service
                name: api
                image: "registry.example.com/orders:{vars.tag}"
                ports:
                  - {name: web, type: http, port: 8080}
                  - {name: admin, type: tcp, port: 9000, service_port: 9000}
                min_containers: "{vars.replicas}"
                env_vars:
                  - {name: TIER, value: "{vars.tier}"}
                links: [db]
                healthcheck_path: /health
                public_uri: ["api.example.com/v1", "/orders"]
              - type: postgres
                name: db
            """;

    enum Kind { DELETE, RETYPE, UNKNOWN_KEY, RANDOM_STRING, NEST, DUPLICATE_ITEM, TYPO_KEY }

    record Mutation(Kind kind, int target, Object payload, int depth) {}

    @Property(tries = 500)
    void readerReturnsASpecOrLocatedProblems(@ForAll("seeds") String seed, @ForAll("mutations") List<Mutation> mutations) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(seed);
        for (Mutation mutation : mutations) {
            tree = apply(tree, mutation);
        }
        String text = dump(tree);

        String outcome = assertTimeoutPreemptively(SAFETY_NET, () -> {
            try {
                ServiceSpec spec = new SpecReader().read("opta.yaml", text, SpecInputs.none());
                assertThat(spec.service()).isNotNull();
                assertThat(spec.layerName()).isNotBlank();
                assertThat(spec.warnings()).allSatisfy(w -> assertThat(w.line()).isPositive());
                return "accepted";
            } catch (InvalidSpecException e) {
                assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> {
                    assertThat(problem.file()).isEqualTo("opta.yaml");
                    assertThat(problem.message()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
                    if (!problem.message().startsWith("not valid YAML: ")) {
                        assertThat(problem.line()).as(problem.toString()).isPositive();
                        assertThat(problem.column()).as(problem.toString()).isPositive();
                    }
                });
                return "rejected";
            }
        });
        Statistics.collect(outcome);
    }

    @Provide
    Arbitrary<String> seeds() {
        List<String> texts = new ArrayList<>();
        for (String name : SEEDS) {
            texts.add(read(name));
        }
        texts.add(IN_MEMORY_SEED);
        return Arbitraries.of(texts);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Object> payloads = Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}$ab/:.-_ 0\n\"'*#&!|>%@=\\").ofMaxLength(24).map(s -> (Object) s),
                Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\ud7ff').ofMaxLength(12)
                        .map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.just(List.of("x", 1)),
                Arbitraries.just(Map.of("k", "v")),
                Arbitraries.of("{vars.tag}", "{vars.nope}", "${{module.a.b}}", "{env}", "{{x}}", "AUTO", "{parent.x}",
                        "-1", "0", "65536", "500m", "1Gi", "abc", "").map(s -> (Object) s));
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 10_000), payloads,
                Arbitraries.integers().between(1, 60))
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(6);
    }

    /** Applies one mutation at the node chosen by {@code target} (modulo the number of nodes). */
    private static Object apply(Object root, Mutation mutation) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Object payload = mutable(mutation.payload());
        if (slots.isEmpty()) {
            return payload;
        }
        Slot slot = slots.get(mutation.target() % slots.size());
        switch (mutation.kind()) {
            case DELETE -> slot.delete();
            case RETYPE, RANDOM_STRING -> slot.set(payload);
            case UNKNOWN_KEY -> slot.addSibling("unknown_" + (mutation.target() % 7), payload);
            case NEST -> {
                Object nested = slot.get();
                for (int i = 0; i < mutation.depth(); i++) {
                    nested = i % 2 == 0 ? new ArrayList<>(Collections.singletonList(nested))
                            : new LinkedHashMap<>(Collections.singletonMap("n", nested));
                }
                slot.set(nested);
            }
            case DUPLICATE_ITEM -> slot.addSibling(null, slot.get());
            case TYPO_KEY -> slot.renameKey();
        }
        return root;
    }

    private static Object mutable(Object payload) {
        if (payload instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (payload instanceof Map<?, ?> map) {
            return new LinkedHashMap<>(map);
        }
        return payload;
    }

    private static void collect(Object node, List<Slot> slots) {
        if (node instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) map;
            for (Object key : new ArrayList<>(m.keySet())) {
                slots.add(new Slot(m, null, key, -1));
                collect(m.get(key), slots);
            }
        } else if (node instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            for (int i = 0; i < l.size(); i++) {
                slots.add(new Slot(null, l, null, i));
                collect(l.get(i), slots);
            }
        }
    }

    /** A place in the mutable tree: a map entry or a list position. */
    private record Slot(Map<Object, Object> map, List<Object> list, Object key, int index) {
        Object get() {
            return map != null ? map.get(key) : list.get(index);
        }

        void set(Object value) {
            if (map != null) {
                map.put(key, value);
            } else {
                list.set(index, value);
            }
        }

        void delete() {
            if (map != null) {
                map.remove(key);
            } else {
                list.remove(index);
            }
        }

        void addSibling(Object newKey, Object value) {
            if (map != null) {
                map.put(newKey == null ? key + "_copy" : newKey, value);
            } else {
                list.add(value);
            }
        }

        void renameKey() {
            if (map != null && key instanceof String name && name.length() > 1) {
                Object value = map.remove(key);
                map.put(name.substring(1) + name.charAt(0), value);
            }
        }
    }

    private static String dump(Object tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        return new Yaml(new Representer(options), options).dump(tree);
    }

    private static String read(String name) {
        try {
            return Files.readString(Path.of(SpecReaderMutationProperties.class.getResource("/spec/valid/" + name).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
