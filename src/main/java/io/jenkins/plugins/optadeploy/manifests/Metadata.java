package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels and annotations of one render: Opta's, the recommended ones, ownership and traceability. */
final class Metadata {
    /** Opta's tag-less deploys (always the case when deploying by digest) label the version {@code latest}. */
    private static final String DATADOG_VERSION_VALUE = "latest";

    private final ServiceSpec spec;
    private final Names names;
    private final RenderContext context;
    private final String owner;

    Metadata(ServiceSpec spec, Names names, RenderContext context) {
        this.spec = spec;
        this.names = names;
        this.context = context;
        this.owner = Labels.ownerValue(spec.layerName(), spec.service().moduleName());
    }

    String owner() {
        return owner;
    }

    String namespace() {
        return names.namespace();
    }

    /** Opta's selector; immutable on Deployments and StatefulSets, so it never changes. */
    Map<String, String> selector() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, Labels.NAME_VALUE);
        labels.put(Labels.INSTANCE, names.release());
        return labels;
    }

    /**
     * Labels of every rendered object but the Namespace: Opta's (minus {@code helm.sh/chart} and the chart's
     * meaningless {@code app.kubernetes.io/version}), the recommended ones and ownership. {@code managed-by} says
     * {@code opta-deploy}, not {@code Helm}: Helm no longer manages these objects, and tools that read the label
     * (Helm itself refuses to adopt objects it does not manage) must not believe otherwise.
     */
    Map<String, String> common() {
        Map<String, String> labels = selector();
        labels.putAll(opta());
        labels.put(Labels.PART_OF, spec.layerName());
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(Labels.OWNER, owner);
        return labels;
    }

    /** Common labels preceded by Datadog's unified service tags, as Opta labels workloads and cron jobs. */
    Map<String, String> commonWithDatadog() {
        Map<String, String> labels = datadog();
        labels.putAll(common());
        return labels;
    }

    Map<String, String> opta() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.OPTA_MODULE, spec.service().moduleName());
        labels.put(Labels.OPTA_LAYER, spec.layerName());
        if (spec.environmentName() != null) {
            labels.put(Labels.OPTA_ENVIRONMENT, spec.environmentName());
        }
        return labels;
    }

    Map<String, String> datadog() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.DATADOG_SERVICE, names.service() + "-" + spec.layerName());
        labels.put(Labels.DATADOG_VERSION, DATADOG_VERSION_VALUE);
        return labels;
    }

    /** The user's {@code pod_labels}, never overriding the selector (that would orphan the pods). */
    Map<String, String> podLabels() {
        Map<String, String> labels = new LinkedHashMap<>(spec.service().pod().labels());
        labels.keySet().removeAll(selector().keySet());
        return labels;
    }

    /**
     * The Namespace is shared by every service of the layer and holds Opta's {@code manual-secrets}: it gets layer-level
     * labels only, never the ownership label (so no prune can ever select it) and no per-build annotations (two
     * services applying different values would overwrite each other on every deploy). {@code linkerd.io/inject} is
     * what Opta sets when it creates the namespace; without linkerd it does nothing.
     */
    ObjectMeta namespaceMeta() {
        return new ObjectMetaBuilder()
                .withName(names.namespace())
                .addToLabels(Labels.OPTA_LAYER, spec.layerName())
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .addToAnnotations("linkerd.io/inject", "enabled")
                .build();
    }

    /** Metadata of a namespaced top-level object: the given labels and annotations, then traceability. */
    ObjectMeta object(String name, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> all = new LinkedHashMap<>(annotations);
        all.putAll(traceability());
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(names.namespace())
                .withLabels(labels)
                .withAnnotations(all.isEmpty() ? null : all)
                .build();
    }

    ObjectMeta object(String name, Map<String, String> labels) {
        return object(name, labels, Map.of());
    }

    /**
     * Build identity on object metadata only, never on pod templates: a pod template change rolls the pods, and a new
     * build of the same image must not.
     */
    private Map<String, String> traceability() {
        Map<String, String> annotations = new LinkedHashMap<>();
        putIfPresent(annotations, Labels.BUILD_URL, context.buildUrl());
        putIfPresent(annotations, Labels.BUILD_TAG, context.buildTag());
        putIfPresent(annotations, Labels.SPEC_SHA256, spec.sourceSha256());
        putIfPresent(annotations, Labels.IMAGE_DIGEST, context.imageDigest());
        putIfPresent(annotations, Labels.DEPLOYED_BY, context.deployedBy());
        return annotations;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    K8sService service() {
        return spec.service();
    }

    Names names() {
        return names;
    }

    RenderContext context() {
        return context;
    }
}
