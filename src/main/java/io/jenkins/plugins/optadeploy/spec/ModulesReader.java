package io.jenkins.plugins.optadeploy.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code modules} list: every module named once, exactly one k8s-service, which is read; others are ignored. */
final class ModulesReader {
    private static final List<String> K8S_SERVICE_TYPES = List.of("k8s-service", "local-k8s-service", "aws-k8s-service",
            "gcp-k8s-service", "azure-k8s-service");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9]+");
    /** A StatefulSet's pods carry controller-revision-hash, its name and a hash of up to 11 characters, in 63. */
    private static final int MAX_STATEFUL_SET_NAME = 52;

    private final Problems problems;
    /** The other modules, name to type, for checking links. */
    private final Map<String, String> layerModules = new LinkedHashMap<>();
    /** Each other module type where it is first written, for suggesting a misspelled k8s-service. */
    private final Map<String, Ref> types = new LinkedHashMap<>();
    private final List<Ref> services = new ArrayList<>();
    private final List<String> serviceNames = new ArrayList<>();

    ModulesReader(Problems problems) {
        this.problems = problems;
    }

    /** The k8s-service module, or null when it is missing or has errors (all of them reported). */
    K8sService read(Ref modulesRef, Values literal, Interpolator interpolator, String layerName) {
        List<Ref> items = literal.list(modulesRef);
        if (items == null) {
            return null;
        }
        sort(items, literal);
        if (services.isEmpty()) {
            reportNoService(modulesRef);
            return null;
        }
        for (int i = 1; i < services.size(); i++) {
            problems.error(services.get(i).child("type", YamlMap.of(services.get(i), problems).values().get("type").node()),
                    "a second k8s-service module: this plugin deploys one k8s-service per file (the first is "
                            + services.get(0).path() + ")");
        }
        YamlMap module = YamlMap.of(services.get(0), problems);
        String moduleName = serviceNames.get(0);
        checkServiceName(module, moduleName, layerName);
        Values values = new Values(problems, interpolator.withModule(moduleName));
        K8sService service = new K8sServiceReader(values, layerModules).read(module, moduleName);
        if (service != null && service.stateful() && layerName != null) {
            checkStatefulSetName(module, moduleName, layerName);
            checkStatefulServiceName(module, moduleName, layerName);
        }
        return service;
    }

    /** Names and types every module, telling k8s-service modules from the others. */
    private void sort(List<Ref> items, Values literal) {
        Map<String, Ref> names = new LinkedHashMap<>();
        for (Ref item : items) {
            YamlMap module = YamlMap.of(item, problems);
            if (module == null) {
                continue;
            }
            Ref typeRef = module.require("type");
            String type = typeRef == null ? null : literal.literal(typeRef);
            if (type == null) {
                continue;
            }
            Ref nameRef = module.get("name");
            String name = nameRef == null ? type.replace("-", "") : literal.literal(nameRef);
            Ref nameWhere = nameRef == null ? typeRef : nameRef;
            if (name == null) {
                continue;
            }
            if (!MODULE_NAME.matcher(name).matches()) {
                problems.error(nameWhere, "'" + name + "' is not a valid module name: use letters and digits only "
                        + "(no '-' or '_')");
                continue;
            }
            Ref first = names.putIfAbsent(name, nameWhere);
            if (first != null) {
                problems.error(nameWhere, "module name '" + name + "' is used twice (also " + first.path() + ")");
                continue;
            }
            if (K8S_SERVICE_TYPES.contains(type)) {
                services.add(item);
                serviceNames.add(name);
            } else {
                layerModules.put(name, type);
                types.putIfAbsent(type, typeRef);
                problems.warning(typeRef, "module '" + name + "' (" + type + ") is ignored: this plugin deploys only "
                        + "the k8s-service module");
            }
        }
    }

    private void reportNoService(Ref modulesRef) {
        Map.Entry<String, Ref> misspelled = types.entrySet().stream()
                .filter(t -> Suggestions.closest(t.getKey(), K8S_SERVICE_TYPES) != null).findFirst().orElse(null);
        if (misspelled != null) {
            problems.error(misspelled.getValue(), "'" + misspelled.getKey() + "' is not a module type this plugin "
                    + "knows; did you mean '" + Suggestions.closest(misspelled.getKey(), K8S_SERVICE_TYPES) + "'?");
        } else if (!problems.hasErrors()) {
            problems.error(modulesRef, "no k8s-service module: add one with type: k8s-service");
        }
    }

    private void checkStatefulSetName(YamlMap module, String moduleName, String layerName) {
        String name = HelmNames.fullname(layerName, moduleName);
        if (name.length() > MAX_STATEFUL_SET_NAME) {
            Ref where = module.get("name") != null ? module.get("name") : module.get("type");
            problems.error(where, "persistent_storage makes a StatefulSet named '" + name + "' (" + name.length()
                    + " characters): its pods would fail, because Kubernetes labels them with the name and a hash "
                    + "in 63 characters; shorten the layer or module name so the name has at most "
                    + MAX_STATEFUL_SET_NAME);
        }
    }

    /** With persistent storage the Service is {@code <module>-headless}, and a label carries it with the layer. */
    private void checkStatefulServiceName(YamlMap module, String name, String layerName) {
        String label = name + "-headless-" + layerName;
        if (label.length() > 63 && layerName.length() + 1 + name.length() <= 63) {
            problems.error(module.get("persistent_storage"), "'" + label + "' is longer than 63 characters: with "
                    + "persistent_storage the Service is named " + name + "-headless and a label (tags.datadoghq.com/"
                    + "service) carries it with the layer name, so shorten the layer or module name");
        }
    }

    private void checkServiceName(YamlMap module, String name, String layerName) {
        Ref where = module.get("name") != null ? module.get("name") : module.get("type");
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals(name)) {
            problems.error(where, "'" + name + "' has uppercase letters: the module name becomes part of Kubernetes "
                    + "names, which must be lowercase (e.g. '" + lower + "')");
        } else if (!Character.isLetter(name.charAt(0))) {
            problems.error(where, "'" + name + "' starts with a digit: the module name becomes the Service name, "
                    + "which must start with a letter");
        } else if (layerName != null && layerName.length() + 1 + name.length() > 63) {
            problems.error(where, "'" + layerName + "-" + name + "' is longer than 63 characters: Kubernetes labels "
                    + "carry it, so shorten the layer or module name");
        }
    }
}
