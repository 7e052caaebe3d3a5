package io.jenkins.plugins.optadeploy.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one section of the {@code k8s-service} module. A section reads only the keys it declares, so the module's
 * unknown-key check ({@link K8sServiceReader}) is the union of the declarations and cannot drift from the reading.
 */
abstract class SectionReader {
    static final int MAX = Integer.MAX_VALUE;

    final Values values;
    final Problems problems;
    private final List<String> keys;

    SectionReader(Values values, String... keys) {
        this.values = values;
        this.problems = values.problems();
        this.keys = List.of(keys);
    }

    /** The module keys this section reads. */
    final List<String> keys() {
        return keys;
    }

    /** The value of a declared key, or null when absent. */
    final Ref get(YamlMap module, String key) {
        if (!keys.contains(key)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " reads '" + key + "' without declaring it");
        }
        return module.get(key);
    }

    final Integer integer(YamlMap module, String key, int min, int fallback) {
        Ref ref = get(module, key);
        return ref == null ? Integer.valueOf(fallback) : values.integer(ref, min, MAX);
    }

    final Boolean bool(YamlMap module, String key) {
        Ref ref = get(module, key);
        return ref == null ? Boolean.FALSE : values.bool(ref);
    }

    final <T> T optional(YamlMap module, String key, Function<Ref, T> reader) {
        Ref ref = get(module, key);
        return ref == null ? null : reader.apply(ref);
    }

    final <T> List<T> list(YamlMap module, String key, Function<Ref, List<T>> reader) {
        List<T> list = optional(module, key, reader);
        return list == null ? List.of() : list;
    }

    /**
     * A list of maps with the given fields, each read by {@code entry}, which returns null after reporting a problem
     * (that entry is left out); null when the value is not a list.
     */
    final <T> List<T> entries(Ref ref, List<String> fields, Function<YamlMap, T> entry) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return null;
        }
        List<T> out = new ArrayList<>();
        for (Ref item : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(fields);
            T value = entry.apply(map);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }
}
