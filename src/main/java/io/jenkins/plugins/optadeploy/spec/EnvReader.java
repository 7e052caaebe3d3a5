package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Env;
import io.jenkins.plugins.optadeploy.spec.K8sService.EnvVar;
import io.jenkins.plugins.optadeploy.spec.K8sService.Link;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** What the container's environment gets: plain variables, the deprecated secrets, and links to other modules. */
final class EnvReader extends SectionReader {
    /** Module types whose links only grant cloud IAM permissions. */
    private static final Set<String> CLOUD_LINK_TYPES = Set.of("aws-s3", "aws-sqs", "aws-sns", "aws-dynamodb", "gcp-gcs",
            "aws-iam-role", "aws-iam-user", "gcp-service-account");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final Map<String, String> layerModules;
    private final List<String> ignoredFields;

    /**
     * @param layerModules  the other modules of the file, name to type, for checking links
     * @param ignoredFields where links that only grant cloud permissions are noted
     */
    EnvReader(Values values, Map<String, String> layerModules, List<String> ignoredFields) {
        super(values, "env_vars", "secrets", "links");
        this.layerModules = layerModules;
        this.ignoredFields = ignoredFields;
    }

    Env read(YamlMap module) {
        if (get(module, "secrets") != null) {
            problems.warning(module.keyRef("secrets"), "deprecated and without effect: put secret values in the "
                    + "manual-secrets Secret of the namespace instead");
        }
        return new Env(list(module, "env_vars", this::envVars), list(module, "secrets", values::stringList),
                list(module, "links", this::links));
    }

    private List<EnvVar> envVars(Ref ref) {
        List<EnvVar> out = new ArrayList<>();
        Map<String, Ref> seen = new HashMap<>();
        if (ref.node() instanceof SequenceNode) {
            for (Ref item : values.list(ref)) {
                YamlMap entry = YamlMap.of(item, problems);
                if (entry == null) {
                    continue;
                }
                entry.rejectUnknown(List.of("name", "value"));
                Ref nameRef = entry.require("name");
                Ref valueRef = entry.has("value") ? item.child("value", entry.values().get("value").node()) : null;
                if (valueRef == null) {
                    problems.error(item, "required field 'value' is missing (write value: \"\" for an empty value)");
                }
                String name = nameRef == null ? null : envName(nameRef, seen);
                String value = valueRef == null ? null : envValue(valueRef);
                if (name != null && value != null) {
                    out.add(new EnvVar(name, value));
                }
            }
            return out;
        }
        YamlMap map = YamlMap.of(ref, problems);
        if (map == null) {
            return null;
        }
        for (Map.Entry<String, Ref> entry : map.values().entrySet()) {
            String name = envName(entry.getValue().at(map.keyNode(entry.getKey())), entry.getKey(), seen);
            String value = envValue(entry.getValue());
            if (name != null && value != null) {
                out.add(new EnvVar(name, value));
            }
        }
        return out;
    }

    private String envName(Ref nameRef, Map<String, Ref> seen) {
        String name = values.literal(nameRef);
        return name == null ? null : envName(nameRef, name, seen);
    }

    private String envName(Ref where, String name, Map<String, Ref> seen) {
        if (!ENV_NAME.matcher(name).matches()) {
            problems.error(where, "'" + name + "' is not a valid environment variable name: use letters, digits, "
                    + "'_', '-' or '.', not starting with a digit");
            return null;
        }
        Ref first = seen.putIfAbsent(name, where);
        if (first != null) {
            problems.error(where, "environment variable " + name + " is set twice (also at " + first.path() + ")");
            return null;
        }
        return name;
    }

    private String envValue(Ref ref) {
        if (!YamlTypes.isString(ref.node())) {
            String shown = ref.node() instanceof ScalarNode s && !YamlTypes.isNull(s) ? s.getValue() : "";
            problems.error(ref, "environment values must be strings, found " + YamlTypes.describe(ref.node())
                    + ": quote it, e.g. \"" + shown + "\"");
            return null;
        }
        return values.string(ref);
    }

    private List<Link> links(Ref ref) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return null;
        }
        List<Link> links = new ArrayList<>();
        for (Ref item : items) {
            String target;
            Ref targetRef = item;
            Ref options = null;
            if (YamlTypes.isString(item.node())) {
                target = ((ScalarNode) item.node()).getValue();
            } else {
                YamlMap map = YamlMap.of(item, problems);
                if (map == null) {
                    continue;
                }
                if (map.keys().size() != 1) {
                    problems.error(item, "a link is a module name, or one module name with its renames, e.g. "
                            + "- db: [{db_host: DATABASE_HOST}]");
                    continue;
                }
                target = map.keys().iterator().next();
                targetRef = map.keyRef(target);
                options = map.get(target);
            }
            String type = layerModules.get(target);
            if (type == null) {
                problems.error(targetRef, "no module named '" + target + "' in this file (links refer to other "
                        + "modules of the same layer)" + Suggestions.didYouMean(target, layerModules.keySet()));
                continue;
            }
            if (CLOUD_LINK_TYPES.contains(type)) {
                problems.warning(targetRef, "ignored: a link to " + type + " only grants cloud IAM permissions, "
                        + "which this plugin does not manage");
                ignoredFields.add("links." + target);
                continue;
            }
            Map<String, String> renames = options == null ? Map.of() : renames(options);
            if (renames != null) {
                links.add(new Link(target, renames));
            }
        }
        return links;
    }

    /** Renames are a map, or Opta's list form whose maps are merged ({@code - db: [{db_host: DB_HOST}]}). */
    private Map<String, String> renames(Ref options) {
        Map<String, String> renames = new LinkedHashMap<>();
        List<Ref> parts = options.node() instanceof SequenceNode ? values.list(options) : List.of(options);
        boolean ok = true;
        for (Ref part : parts) {
            if (YamlTypes.isString(part.node())) {
                problems.error(part, "'" + ((ScalarNode) part.node()).getValue() + "' is a permission, which only "
                        + "cloud links (buckets, queues) take: a database or cache link takes renames, e.g. db_host: DATABASE_HOST");
                ok = false;
                continue;
            }
            YamlMap map = YamlMap.of(part, problems);
            if (map == null) {
                ok = false;
                continue;
            }
            for (Map.Entry<String, Ref> entry : map.values().entrySet()) {
                String to = values.literal(entry.getValue());
                if (to == null) {
                    ok = false;
                } else if (!ENV_NAME.matcher(to).matches()) {
                    problems.error(entry.getValue(), "'" + to + "' is not a valid environment variable name");
                    ok = false;
                } else {
                    renames.put(entry.getKey(), to);
                }
            }
        }
        return ok ? renames : null;
    }
}
