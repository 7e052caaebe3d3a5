package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Pod;
import io.jenkins.plugins.optadeploy.spec.K8sService.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pod template's own settings: container command and args, pod annotations and labels, tolerations. */
final class PodReader extends SectionReader {
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private final MetadataMaps metadata;

    PodReader(Values values) {
        super(values, "commands", "args", "pod_annotations", "pod_labels", "tolerations");
        this.metadata = new MetadataMaps(values);
    }

    Pod read(YamlMap module) {
        List<String> commands = list(module, "commands", values::stringList);
        List<String> args = list(module, "args", values::stringList);
        Map<String, String> annotations = optional(module, "pod_annotations", metadata::annotations);
        Map<String, String> labels = optional(module, "pod_labels", this::podLabels);
        return new Pod(commands, args, annotations == null ? Map.of() : annotations, labels == null ? Map.of() : labels,
                list(module, "tolerations", this::tolerations));
    }

    /** Labels, none of which may take over the selector or the ownership label. */
    private Map<String, String> podLabels(Ref ref) {
        Map<String, String> labels = metadata.labelValues(ref);
        if (labels == null) {
            return null;
        }
        YamlMap yaml = YamlMap.of(ref, problems);
        boolean ok = true;
        for (String key : labels.keySet()) {
            if (key.equals(ReservedLabels.NAME) || key.equals(ReservedLabels.INSTANCE)) {
                problems.error(yaml.keyRef(key), "'" + key + "' is part of the selector, which the deploy sets: "
                        + "overriding it on the pods would leave them outside their Deployment; choose another key");
                ok = false;
            } else if (key.equals(ReservedLabels.OWNER)) {
                problems.error(yaml.keyRef(key), "'" + key + "' is the ownership label the deploy prunes by: "
                        + "on the pods it would make them prune candidates; choose another key");
                ok = false;
            }
        }
        return ok ? labels : null;
    }

    private List<Toleration> tolerations(Ref ref) {
        return entries(ref, List.of("key", "value", "effect"), this::toleration);
    }

    private Toleration toleration(YamlMap map) {
        Ref keyRef = map.require("key");
        String key = keyRef == null ? null : values.string(keyRef);
        String value = map.get("value") == null ? "opta" : values.string(map.get("value"));
        String effect = map.get("effect") == null ? "NoSchedule" : values.string(map.get("effect"));
        if (effect != null && !EFFECTS.contains(effect)) {
            problems.error(map.get("effect"), "'" + effect + "' is not a taint effect: expected NoSchedule, "
                    + "PreferNoSchedule or NoExecute" + Suggestions.didYouMean(effect, EFFECTS));
            return null;
        }
        String keyProblem = key == null ? null : KubernetesNames.keyProblem(key);
        if (keyProblem != null) {
            problems.error(keyRef, keyProblem.replace("is not a valid key", "is not a valid toleration key"));
            return null;
        }
        String valueProblem = value == null || map.get("value") == null ? null : KubernetesNames.labelValueProblem(value);
        if (valueProblem != null) {
            problems.error(map.get("value"), valueProblem.replace("label value", "toleration value"));
            return null;
        }
        return key != null && value != null && effect != null ? new Toleration(key, value, effect) : null;
    }
}
