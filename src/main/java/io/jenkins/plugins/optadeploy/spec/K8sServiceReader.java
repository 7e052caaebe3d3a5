package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads one {@code k8s-service} module (the union of the clouds' schemas) section by section, as {@code manifests}
 * renders it, and applies the defaults. The known keys are those the sections declare.
 */
final class K8sServiceReader extends SectionReader {
    private static final List<String> CLOUD_ONLY_FIELDS = List.of("additional_iam_policies", "additional_iam_roles");
    private static final int DEFAULT_TIMEOUT = 300;
    private static final int DEFAULT_MAX_HISTORY = 25;

    private final List<String> ignoredFields = new ArrayList<>();
    private final PortsReader ports;
    private final ProbesReader probes;
    private final ResourcesReader resources;
    private final ScalingReader scaling;
    private final EnvReader env;
    private final PodReader pod;
    private final RoutingReader routing;
    private final PersistentStorageReader storage;
    private final CronJobsReader cronJobs;

    /**
     * @param layerModules the other modules of the file, name to type, for checking links
     */
    K8sServiceReader(Values values, Map<String, String> layerModules) {
        // type and name identify the module; the layer reader reads them
        super(values, "type", "name", "depends_on", "image", "timeout", "max_history", "additional_iam_policies",
                "additional_iam_roles");
        ports = new PortsReader(values);
        probes = new ProbesReader(values);
        resources = new ResourcesReader(values);
        scaling = new ScalingReader(values);
        env = new EnvReader(values, layerModules, ignoredFields);
        pod = new PodReader(values);
        routing = new RoutingReader(values);
        storage = new PersistentStorageReader(values);
        cronJobs = new CronJobsReader(values);
    }

    /** Every key of the module that some section reads, in the order the module's documentation lists them. */
    List<String> knownKeys() {
        return Stream.of(this, ports, scaling, env, probes, resources, routing, storage, cronJobs, pod)
                .flatMap(section -> section.keys().stream()).toList();
    }

    /** The module, or null when it has errors (all of them reported). */
    K8sService read(YamlMap module, String moduleName) {
        int errorsBefore = problems.errorCount();
        Set<String> misspelled = module.rejectUnknown(knownKeys());
        optional(module, "depends_on", values::stringList);
        for (String field : CLOUD_ONLY_FIELDS) {
            if (module.has(field)) {
                problems.warning(module.keyRef(field), "ignored: it only applies to cloud IAM, which this plugin does not manage");
                ignoredFields.add(field);
            }
        }
        Image image = image(module.require("image"));
        K8sService.Ports portSection = ports.read(module);
        boolean portsWritten = ports.written(module);
        K8sService.Scaling scalingSection = scaling.read(module);
        Integer max = scaling.maxContainers();
        if (!portsWritten && max != null && max != 0 && !misspelled.contains("port") && !misspelled.contains("ports")) {
            problems.error(module.ref(), "a port is required: add port: {http: 8080} (or a ports list); "
                    + "only a cron-only service (max_containers: 0) may have none");
        }
        Probes probeSection = probes.read(module, portSection.probePort(), portsWritten);
        K8sService.Resources resourceSection = resources.read(module);
        K8sService.Env envSection = env.read(module);
        K8sService.Pod podSection = pod.read(module);
        K8sService.Routing routingSection = routing.read(module, portSection, portsWritten);
        List<K8sService.PersistentVolume> storageSection = storage.read(module);
        List<K8sService.CronJob> cronJobSection = cronJobs.read(module);
        Integer timeout = integer(module, "timeout", 1, DEFAULT_TIMEOUT);
        Integer maxHistory = integer(module, "max_history", 0, DEFAULT_MAX_HISTORY);
        if (problems.errorCount() > errorsBefore) {
            return null;
        }
        return new K8sService(moduleName, image, portSection, probeSection, resourceSection, scalingSection, envSection,
                podSection, routingSection, storageSection, cronJobSection, new K8sService.Rollout(timeout, maxHistory),
                ignoredFields);
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
}
