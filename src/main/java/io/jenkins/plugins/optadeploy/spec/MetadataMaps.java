package io.jenkins.plugins.optadeploy.spec;

import java.util.Map;

/** Annotation and label maps as the API server accepts them: valid keys and values, annotations within their size. */
final class MetadataMaps {
    /** Room left for the annotations this plugin adds itself to the same object. */
    private static final int OWN_ANNOTATION_BYTES = 4096;

    private final Values values;
    private final Problems problems;

    MetadataMaps(Values values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** Annotations: valid keys, and not more than the API server stores for one object. */
    Map<String, String> annotations(Ref ref) {
        Map<String, String> map = withValidKeys(ref, true);
        if (map == null) {
            return null;
        }
        long bytes = KubernetesNames.annotationBytes(map);
        if (bytes > KubernetesNames.ANNOTATIONS_MAX_BYTES - OWN_ANNOTATION_BYTES) {
            problems.error(ref, "the annotations take " + bytes + " bytes: Kubernetes allows "
                    + KubernetesNames.ANNOTATIONS_MAX_BYTES + " bytes (256 KiB) of keys and values per object, and this "
                    + "plugin keeps " + OWN_ANNOTATION_BYTES + " of them for its own annotations");
            return null;
        }
        return map;
    }

    /**
     * A map of strings whose keys are qualified names; the API server checks annotation keys lowercased, label keys as
     * written.
     */
    private Map<String, String> withValidKeys(Ref ref, boolean lowercased) {
        Map<String, String> map = values.stringMap(ref);
        if (map == null) {
            return null;
        }
        YamlMap yaml = YamlMap.of(ref, problems);
        boolean ok = true;
        for (String key : map.keySet()) {
            boolean valid = KubernetesNames.keyProblem(lowercased ? key.toLowerCase(java.util.Locale.ROOT) : key) == null;
            String problem = valid ? null : KubernetesNames.keyProblem(key);
            if (problem != null) {
                problems.error(yaml.keyRef(key), problem);
                ok = false;
            }
        }
        return ok ? map : null;
    }

    Map<String, String> labelValues(Ref ref) {
        Map<String, String> map = withValidKeys(ref, false);
        if (map == null) {
            return null;
        }
        YamlMap yaml = YamlMap.of(ref, problems);
        boolean ok = true;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            String problem = KubernetesNames.labelValueProblem(entry.getValue());
            if (problem != null) {
                problems.error(yaml.get(entry.getKey()), problem);
                ok = false;
            }
        }
        return ok ? map : null;
    }
}
