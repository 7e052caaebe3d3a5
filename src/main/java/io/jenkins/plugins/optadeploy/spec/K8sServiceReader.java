package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.CronJob;
import io.jenkins.plugins.optadeploy.spec.K8sService.EnvVar;
import io.jenkins.plugins.optadeploy.spec.K8sService.Image;
import io.jenkins.plugins.optadeploy.spec.K8sService.Link;
import io.jenkins.plugins.optadeploy.spec.K8sService.PersistentVolume;
import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.spec.K8sService.Probe;
import io.jenkins.plugins.optadeploy.spec.K8sService.PublicUri;
import io.jenkins.plugins.optadeploy.spec.K8sService.Resources;
import io.jenkins.plugins.optadeploy.spec.K8sService.Toleration;
import io.jenkins.plugins.optadeploy.spec.Quantities.Kind;
import io.jenkins.plugins.optadeploy.spec.Quantities.Quantity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the fields of one {@code k8s-service} module (the union of the clouds' schemas) and applies the defaults. */
final class K8sServiceReader {
    static final List<String> FIELDS = List.of("type", "name", "depends_on", "image", "port", "ports", "probe_port",
            "min_containers", "max_containers", "autoscaling_target_cpu_percentage", "autoscaling_target_mem_percentage",
            "env_vars", "secrets", "links", "healthcheck_path", "liveness_probe_path", "readiness_probe_path",
            "healthcheck_command", "liveness_probe_command", "readiness_probe_command", "initial_liveness_delay",
            "initial_readiness_delay", "resource_request", "resource_limits", "public_uri", "keep_path_prefix",
            "sticky_session", "sticky_session_max_age", "consistent_hash", "ingress_extra_annotations",
            "persistent_storage", "tolerations", "cron_jobs", "commands", "args", "pod_annotations", "pod_labels",
            "timeout", "max_history", "additional_iam_policies", "additional_iam_roles");
    static final List<String> CLOUD_ONLY_FIELDS = List.of("additional_iam_policies", "additional_iam_roles");
    /** Module types whose links only grant cloud IAM permissions. */
    static final Set<String> CLOUD_LINK_TYPES = Set.of("aws-s3", "aws-sqs", "aws-sns", "aws-dynamodb", "gcp-gcs",
            "aws-iam-role", "aws-iam-user", "gcp-service-account");

    static final int DEFAULT_MIN = 1;
    static final int DEFAULT_MAX = 3;
    static final int DEFAULT_TARGET_PERCENT = 80;
    static final int DEFAULT_INITIAL_DELAY = 30;
    static final int READINESS_PERIOD = 10;
    static final int DEFAULT_STICKY_MAX_AGE = 86400;
    static final int DEFAULT_TIMEOUT = 300;
    static final int DEFAULT_MAX_HISTORY = 25;
    static final long DEFAULT_CPU_MILLIS = 100;
    static final long DEFAULT_MEMORY_MIB = 128;

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    /** Characters a path prefix may have; '.' and '+' are escaped in the Ingress' regex path. */
    private static final Pattern URI_PATH = Pattern.compile("[A-Za-z0-9._~/+:@-]*");
    private static final String URI_PATH_CHARACTERS = "letters, digits and - . _ ~ / + : @";
    /** ingress-nginx's rewrite-target check (RegexPathWithCapture), which a kept prefix must pass. */
    private static final Pattern REWRITE_TARGET_PATH = Pattern.compile("[A-Za-z0-9._~/:-]*");
    /** ingress-nginx's upstream-hash-by check: nginx variables and text, spaces ignored. */
    private static final Pattern HASH_BY = Pattern.compile("[A-Za-z0-9_${} -]*");
    /** Room left for the annotations this plugin adds itself to the same object. */
    private static final int OWN_ANNOTATION_BYTES = 4096;
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final int MAX = Integer.MAX_VALUE;

    private final Values values;
    private final Problems problems;
    private final Map<String, String> layerModules;
    private final List<String> ignoredFields = new ArrayList<>();

    /**
     * @param layerModules the other modules of the file, name to type, for checking links
     */
    K8sServiceReader(Values values, Map<String, String> layerModules) {
        this.values = values;
        this.problems = values.problems();
        this.layerModules = layerModules;
    }

    /** The module, or null when it has errors (all of them reported). */
    K8sService read(YamlMap module, String moduleName) {
        int errorsBefore = problems.errorCount();
        Set<String> misspelled = module.rejectUnknown(FIELDS);
        optional(module, "depends_on", values::stringList);
        for (String field : CLOUD_ONLY_FIELDS) {
            if (module.has(field)) {
                problems.warning(module.keyRef(field), "ignored: it only applies to cloud IAM, which this plugin does not manage");
                ignoredFields.add(field);
            }
        }
        if (module.get("secrets") != null) {
            problems.warning(module.keyRef("secrets"), "deprecated and without effect: put secret values in the "
                    + "manual-secrets Secret of the namespace instead");
        }

        Image image = image(module.require("image"));
        List<Port> ports = ports(module);
        Port probePort = probePort(module, ports);
        Integer max = integer(module, "max_containers", 0, DEFAULT_MAX);
        Integer min = integer(module, "min_containers", 0, max != null && max == 0 ? 0 : DEFAULT_MIN);
        checkReplicas(module, min, max);
        if (module.get("port") == null && module.get("ports") == null && max != null && max != 0
                && !misspelled.contains("port") && !misspelled.contains("ports")) {
            problems.error(module.ref(), "a port is required: add port: {http: 8080} (or a ports list); "
                    + "only a cron-only service (max_containers: 0) may have none");
        }
        Integer targetCpu = integer(module, "autoscaling_target_cpu_percentage", 0, DEFAULT_TARGET_PERCENT);
        Integer targetMemory = integer(module, "autoscaling_target_mem_percentage", 0, DEFAULT_TARGET_PERCENT);
        List<EnvVar> envVars = orEmpty(optional(module, "env_vars", this::envVars));
        List<String> secrets = orEmpty(optional(module, "secrets", values::stringList));
        List<Link> links = orEmpty(optional(module, "links", this::links));
        String sharedPath = nonEmpty(optional(module, "healthcheck_path", values::string));
        List<String> sharedCommand = orEmpty(optional(module, "healthcheck_command", values::stringList));
        Probe liveness = probe(module, "liveness", sharedPath, sharedCommand, null, probePort);
        Probe readiness = probe(module, "readiness", sharedPath, sharedCommand, READINESS_PERIOD, probePort);
        Resources resources = resources(module);
        List<PublicUri> publicUris = orEmpty(optional(module, "public_uri", this::publicUris));
        boolean portsUnreadable = ports.isEmpty() && (module.get("port") != null || module.get("ports") != null);
        if (!publicUris.isEmpty() && !portsUnreadable && ports.stream().noneMatch(p -> p.type() == Port.Type.HTTP)) {
            problems.error(module.get("public_uri"), ports.isEmpty()
                    ? "public_uri needs an http port: add port: {http: 8080}"
                    : "public_uri needs an http port, but every port has type tcp");
        }
        Boolean keepPathPrefix = bool(module, "keep_path_prefix");
        if (Boolean.TRUE.equals(keepPathPrefix)) {
            checkKeptPrefixes(module.get("public_uri"), publicUris);
        }
        Boolean sticky = bool(module, "sticky_session");
        Integer stickyMaxAge = integer(module, "sticky_session_max_age", 1, DEFAULT_STICKY_MAX_AGE);
        String consistentHash = optional(module, "consistent_hash", this::consistentHash);
        Map<String, String> ingressAnnotations = orEmpty(optional(module, "ingress_extra_annotations", this::ingressAnnotations));
        List<PersistentVolume> storage = orEmpty(optional(module, "persistent_storage", this::persistentStorage));
        List<Toleration> tolerations = orEmpty(optional(module, "tolerations", this::tolerations));
        List<CronJob> cronJobs = orEmpty(optional(module, "cron_jobs", this::cronJobs));
        List<String> commands = orEmpty(optional(module, "commands", values::stringList));
        List<String> args = orEmpty(optional(module, "args", values::stringList));
        Map<String, String> podAnnotations = orEmpty(optional(module, "pod_annotations", this::annotations));
        Map<String, String> podLabels = orEmpty(optional(module, "pod_labels", this::podLabels));
        Integer timeout = integer(module, "timeout", 1, DEFAULT_TIMEOUT);
        Integer maxHistory = integer(module, "max_history", 0, DEFAULT_MAX_HISTORY);

        if (problems.errorCount() > errorsBefore) {
            return null;
        }
        return new K8sService(moduleName, image, ports, probePort, min, max, targetCpu, targetMemory, envVars, secrets,
                links, liveness, readiness, resources, publicUris, keepPathPrefix, sticky, stickyMaxAge,
                consistentHash, ingressAnnotations, storage, tolerations, cronJobs, commands, args, podAnnotations,
                podLabels, timeout, maxHistory, ignoredFields);
    }

    private Image image(Ref ref) {
        String text = ref == null ? null : values.string(ref);
        if (text == null) {
            return null;
        }
        if (text.equalsIgnoreCase("AUTO")) {
            return new Image.Auto();
        }
        if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            problems.error(ref, "'" + text + "' is not an image reference: use AUTO or e.g. nginx:1.27");
            return null;
        }
        String problem = ImageReferences.problem(text);
        if (problem != null) {
            problems.error(ref, "'" + YamlTypes.shorten(text) + "' is not an image reference: " + problem
                    + "; write [registry/]repository[:tag][@sha256:digest], e.g. nginx:1.27, or AUTO");
            return null;
        }
        return new Image.External(text);
    }

    private List<Port> ports(YamlMap module) {
        Ref port = module.get("port");
        Ref ports = module.get("ports");
        PortsReader reader = new PortsReader(values);
        if (port != null && ports != null) {
            problems.error(module.keyRef("ports"), "use either port or ports, not both");
            return List.of();
        }
        return port != null ? reader.legacy(port) : ports != null ? reader.list(ports) : List.of();
    }

    private Port probePort(YamlMap module, List<Port> ports) {
        Ref ref = module.get("probe_port");
        if (ref == null) {
            return ports.isEmpty() ? null : ports.get(0);
        }
        String name = values.literal(ref);
        if (name == null) {
            return null;
        }
        List<String> names = ports.stream().map(Port::name).toList();
        for (Port port : ports) {
            if (port.name().equals(name)) {
                return port;
            }
        }
        if (!ports.isEmpty() || (module.get("port") == null && module.get("ports") == null)) {
            problems.error(ref, "no port is named '" + name + "'" + Suggestions.didYouMean(name, names)
                    + (names.isEmpty() ? "" : " (ports: " + String.join(", ", names) + ")"));
        }
        return null;
    }

    private void checkReplicas(YamlMap module, Integer min, Integer max) {
        if (min == null || max == null) {
            return;
        }
        Ref where = module.get("min_containers") != null ? module.get("min_containers") : module.get("max_containers");
        if (min > max) {
            problems.error(where, "min_containers (" + min + ") is greater than max_containers (" + max + ")");
        } else if (min == 0 && max != 0) {
            problems.error(where, "min_containers may be 0 only when max_containers is 0 too (a cron-only service)");
        }
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

    /** A probe from its own path/command, else the shared healthcheck ones (Opta's precedence). */
    private Probe probe(YamlMap module, String kind, String sharedPath, List<String> sharedCommand, Integer period,
            Port probePort) {
        String pathField = kind + "_probe_path";
        String commandField = kind + "_probe_command";
        String specificPath = nonEmpty(optional(module, pathField, values::string));
        List<String> specificCommand = orEmpty(optional(module, commandField, values::stringList));
        String path = specificPath != null ? specificPath : sharedPath;
        String pathFrom = specificPath != null ? pathField : "healthcheck_path";
        List<String> command = !specificCommand.isEmpty() ? specificCommand : sharedCommand;
        String commandFrom = !specificCommand.isEmpty() ? commandField : "healthcheck_command";
        Integer delay = integer(module, "initial_" + kind + "_delay", 0, DEFAULT_INITIAL_DELAY);
        if (path != null && !command.isEmpty()) {
            problems.error(module.get(commandFrom), "the " + kind + " probe has both a path (" + pathFrom + ") and a "
                    + "command (" + commandFrom + "): set only one");
            return null;
        }
        if (path == null && command.isEmpty()) {
            return null;
        }
        if (path != null && probePort == null) {
            if (module.get("port") == null && module.get("ports") == null) {
                problems.error(module.get(pathFrom), "a probe path needs a port to call: add port: or remove the path");
            }
            return null;
        }
        if (path != null && !path.startsWith("/")) {
            problems.warning(module.get(pathFrom), "'" + path + "' does not start with '/': the probe requests it as written");
        }
        return delay == null ? null : new Probe(path, command, delay, period);
    }

    private Resources resources(YamlMap module) {
        Quantity cpu = Quantities.ofInteger(Kind.CPU, DEFAULT_CPU_MILLIS);
        Quantity memory = Quantities.ofInteger(Kind.MEMORY, DEFAULT_MEMORY_MIB);
        Ref request = module.get("resource_request");
        if (request != null) {
            YamlMap map = YamlMap.of(request, problems);
            if (map != null) {
                map.rejectUnknown(List.of("cpu", "memory"));
                Ref cpuRef = map.require("cpu");
                Ref memoryRef = map.require("memory");
                cpu = cpuRef == null ? null : quantity(cpuRef, Kind.CPU);
                memory = memoryRef == null ? null : quantity(memoryRef, Kind.MEMORY);
            }
        }
        Quantity cpuLimit = cpu == null ? null : cpu.doubled();
        Quantity memoryLimit = memory == null ? null : memory.doubled();
        Ref limits = module.get("resource_limits");
        if (limits != null) {
            YamlMap map = YamlMap.of(limits, problems);
            if (map != null) {
                map.rejectUnknown(List.of("cpu", "memory"));
                Ref cpuRef = map.get("cpu");
                Ref memoryRef = map.get("memory");
                if (cpuRef != null) {
                    cpuLimit = atLeast(cpuRef, quantity(cpuRef, Kind.CPU), cpu, "cpu");
                }
                if (memoryRef != null) {
                    memoryLimit = atLeast(memoryRef, quantity(memoryRef, Kind.MEMORY), memory, "memory");
                }
            }
        }
        if (cpu == null || memory == null || cpuLimit == null || memoryLimit == null) {
            return null;
        }
        return new Resources(cpu.toString(), memory.toString(), cpuLimit.toString(), memoryLimit.toString());
    }

    private Quantity atLeast(Ref ref, Quantity limit, Quantity request, String what) {
        if (limit != null && request != null && limit.base().compareTo(request.base()) < 0) {
            problems.error(ref, "the " + what + " limit " + limit + " is below the request " + request
                    + ": Kubernetes refuses a limit smaller than the request");
            return null;
        }
        return limit;
    }

    private Quantity quantity(Ref ref, Kind kind) {
        if (ref.node() instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            Integer amount = values.integer(ref, 1, MAX);
            return amount == null ? null : Quantities.ofInteger(kind, amount);
        }
        String text = values.string(ref);
        if (text == null) {
            return null;
        }
        String[] error = new String[1];
        Quantity quantity = Quantities.parse(kind, text, error);
        if (quantity == null) {
            problems.error(ref, error[0]);
        }
        return quantity;
    }

    private List<PublicUri> publicUris(Ref ref) {
        List<Ref> entries = ref.node() instanceof SequenceNode ? values.list(ref) : List.of(ref);
        List<PublicUri> out = new ArrayList<>();
        Map<String, Ref> seen = new HashMap<>();
        for (Ref entry : entries) {
            String text = values.string(entry);
            if (text == null) {
                continue;
            }
            PublicUri uri = publicUri(entry, text.trim());
            if (uri == null) {
                continue;
            }
            Ref first = seen.putIfAbsent(uri.host() + uri.pathPrefix(), entry);
            if (first != null) {
                problems.error(entry, "'" + text + "' routes the same host and path as " + first.path());
                continue;
            }
            out.add(uri);
        }
        return out;
    }

    private PublicUri publicUri(Ref ref, String text) {
        if (text.isEmpty()) {
            problems.error(ref, "public_uri is empty: write a host and/or path, e.g. \"/hello\" or \"app.example.com\"");
            return null;
        }
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        String path = slash < 0 ? "" : text.substring(slash);
        if (host.isEmpty() || host.equals("*")) {
            host = null;
        } else {
            String plain = host.startsWith("*.") ? host.substring(2) : host;
            if (KubernetesNames.isIpv4(host)) {
                problems.error(ref, "'" + host + "' is an IP address: Kubernetes requires an Ingress host to be a DNS "
                        + "name; leave the host out (e.g. \"/" + (path.length() > 1 ? path.substring(1) : "") + "\") "
                        + "to serve every host, the IP included");
                return null;
            }
            if (plain.length() > 253 || !KubernetesNames.DNS_SUBDOMAIN.matcher(plain).matches()) {
                problems.error(ref, "'" + host + "' is not a valid host name"
                        + (plain.equals(plain.toLowerCase(java.util.Locale.ROOT)) ? "" : ": write it in lowercase")
                        + (host.contains(":") ? ": a public_uri has no scheme or port, e.g. app.example.com/api" : ""));
                return null;
            }
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            path = "/";
        }
        if (path.contains("//")) {
            problems.error(ref, "'" + path + "' has an empty segment ('//'): write each '/' once");
            return null;
        }
        if (!URI_PATH.matcher(path).matches()) {
            problems.error(ref, "'" + YamlTypes.shorten(path) + "' is not a usable path prefix: "
                    + firstOutside(path, URI_PATH) + " is not allowed; use " + URI_PATH_CHARACTERS);
            return null;
        }
        return new PublicUri(host, path, text);
    }

    private List<PersistentVolume> persistentStorage(Ref ref) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return null;
        }
        List<PersistentVolume> out = new ArrayList<>();
        Map<String, Ref> paths = new HashMap<>();
        for (Ref item : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(List.of("size", "path"));
            Ref sizeRef = map.require("size");
            Ref pathRef = map.require("path");
            Integer size = sizeRef == null ? null : values.integer(sizeRef, 1, MAX);
            String path = pathRef == null ? null : values.string(pathRef);
            if (path != null && !path.startsWith("/")) {
                problems.error(pathRef, "'" + path + "' is not an absolute path: a volume is mounted at e.g. /data");
                continue;
            }
            if (path != null && paths.putIfAbsent(path, pathRef) != null) {
                problems.error(pathRef, "two volumes are mounted at " + path);
                continue;
            }
            if (size != null && path != null) {
                out.add(new PersistentVolume(size, path));
            }
        }
        return out;
    }

    private List<Toleration> tolerations(Ref ref) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return null;
        }
        List<Toleration> out = new ArrayList<>();
        for (Ref item : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(List.of("key", "value", "effect"));
            Ref keyRef = map.require("key");
            String key = keyRef == null ? null : values.string(keyRef);
            String value = map.get("value") == null ? "opta" : values.string(map.get("value"));
            String effect = map.get("effect") == null ? "NoSchedule" : values.string(map.get("effect"));
            if (effect != null && !EFFECTS.contains(effect)) {
                problems.error(map.get("effect"), "'" + effect + "' is not a taint effect: expected NoSchedule, "
                        + "PreferNoSchedule or NoExecute" + Suggestions.didYouMean(effect, EFFECTS));
                continue;
            }
            String keyProblem = key == null ? null : KubernetesNames.keyProblem(key);
            if (keyProblem != null) {
                problems.error(keyRef, keyProblem.replace("is not a valid key", "is not a valid toleration key"));
                continue;
            }
            String valueProblem = value == null || map.get("value") == null ? null : KubernetesNames.labelValueProblem(value);
            if (valueProblem != null) {
                problems.error(map.get("value"), valueProblem.replace("label value", "toleration value"));
                continue;
            }
            if (key != null && value != null && effect != null) {
                out.add(new Toleration(key, value, effect));
            }
        }
        return out;
    }

    private List<CronJob> cronJobs(Ref ref) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return null;
        }
        List<CronJob> out = new ArrayList<>();
        for (Ref item : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(List.of("commands", "args", "schedule"));
            Ref commandsRef = map.require("commands");
            Ref scheduleRef = map.require("schedule");
            List<String> commands = commandsRef == null ? null : values.stringList(commandsRef);
            List<String> args = map.get("args") == null ? List.of() : values.stringList(map.get("args"));
            String schedule = scheduleRef == null ? null : values.string(scheduleRef);
            if (commands != null && commands.isEmpty()) {
                problems.error(commandsRef, "a cron job needs a command to run");
                continue;
            }
            String scheduleProblem = schedule == null ? null : CronSchedules.problem(schedule.trim());
            if (scheduleProblem != null) {
                problems.error(scheduleRef, "'" + YamlTypes.shorten(schedule) + "' is not a cron schedule: " + scheduleProblem
                        + (schedule.trim().startsWith("@") || schedule.contains("TZ") ? ""
                                : "; write five fields such as \"*/5 * * * *\" or a descriptor such as @hourly"));
                continue;
            }
            if (commands != null && args != null && schedule != null) {
                out.add(new CronJob(commands, args, schedule.trim()));
            }
        }
        return out;
    }

    /** Annotations: valid keys, and not more than the API server stores for one object. */
    private Map<String, String> annotations(Ref ref) {
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

    /** Annotations; an ingress class given through Opta's annotation must be a name the API server accepts. */
    private Map<String, String> ingressAnnotations(Ref ref) {
        Map<String, String> map = annotations(ref);
        String ingressClass = map == null ? null : map.get(K8sService.INGRESS_CLASS_ANNOTATION);
        if (ingressClass != null && (ingressClass.length() > 253
                || !KubernetesNames.DNS_SUBDOMAIN.matcher(ingressClass).matches())) {
            problems.error(YamlMap.of(ref, problems).get(K8sService.INGRESS_CLASS_ANNOTATION), "'"
                    + YamlTypes.shorten(ingressClass) + "' is not an ingress class name: it becomes the Ingress' "
                    + "ingressClassName, a lowercase DNS name such as nginx");
            return null;
        }
        return map;
    }

    /** Labels, none of which may take over the selector or the ownership label. */
    private Map<String, String> podLabels(Ref ref) {
        Map<String, String> labels = labelValues(ref);
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

    /** ingress-nginx refuses the whole Ingress when upstream-hash-by has other characters. */
    private String consistentHash(Ref ref) {
        String text = values.string(ref);
        if (text != null && !HASH_BY.matcher(text).matches()) {
            problems.error(ref, "'" + YamlTypes.shorten(text) + "' is not a consistent_hash ingress-nginx accepts: "
                    + firstOutside(text, HASH_BY) + " is not allowed; use nginx variables and text made of letters, "
                    + "digits, '_', '-', '$', '{', '}' and spaces, e.g. $request_uri");
            return null;
        }
        return text;
    }

    /** keep_path_prefix puts the prefix into ingress-nginx's rewrite-target, which allows fewer characters. */
    private void checkKeptPrefixes(Ref ref, List<PublicUri> uris) {
        for (PublicUri uri : uris) {
            if (!REWRITE_TARGET_PATH.matcher(uri.pathPrefix()).matches()) {
                problems.error(ref, "'" + uri.pathPrefix() + "' cannot be kept (keep_path_prefix: true): "
                        + firstOutside(uri.pathPrefix(), REWRITE_TARGET_PATH) + " is not allowed in ingress-nginx's "
                        + "rewrite-target; use letters, digits and - . _ ~ / : in the path, or remove keep_path_prefix");
            }
        }
    }

    /** The first character of {@code text} that {@code allowed} (a character class repeated) refuses, quoted. */
    private static String firstOutside(String text, Pattern allowed) {
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            String character = new String(Character.toChars(text.codePointAt(i)));
            if (!allowed.matcher(character).matches()) {
                return Characters.describe(text.codePointAt(i));
            }
        }
        return "a character";
    }

    private Map<String, String> labelValues(Ref ref) {
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

    private Integer integer(YamlMap module, String field, int min, int fallback) {
        Ref ref = module.get(field);
        return ref == null ? Integer.valueOf(fallback) : values.integer(ref, min, MAX);
    }

    private Boolean bool(YamlMap module, String field) {
        Ref ref = module.get(field);
        return ref == null ? Boolean.FALSE : values.bool(ref);
    }

    private static <T> T optional(YamlMap module, String field, java.util.function.Function<Ref, T> reader) {
        Ref ref = module.get(field);
        return ref == null ? null : reader.apply(ref);
    }

    private static String nonEmpty(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
