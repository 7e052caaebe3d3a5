package io.jenkins.plugins.optadeploy.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep the file's key order (Map.copyOf does not), so rendering stays deterministic. */
final class Collections2 {
    private Collections2() {}

    static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
