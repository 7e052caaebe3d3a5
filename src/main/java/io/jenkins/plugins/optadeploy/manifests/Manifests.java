package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * The rendered objects in apply order. The objects are fabric8 models and therefore mutable: treat them as read-only
 * (copy one before changing it, e.g. to set a resourceVersion), so {@link #toYaml()} keeps showing what was rendered.
 *
 * @param namespace        the namespace every namespaced object lives in (the layer name)
 * @param objects          Namespace, ServiceAccount, Service, Deployment or StatefulSet, HPA, Ingresses, CronJobs
 * @param ownerLabelValue  the value of {@link Labels#OWNER} on every object but the Namespace
 */
public record Manifests(String namespace, List<HasMetadata> objects, String ownerLabelValue) {
    public Manifests {
        objects = List.copyOf(objects);
    }

    /** Multi-document YAML in apply order, byte-identical for the same input; {@code kubectl apply -f} reads it. */
    public String toYaml() {
        return ManifestYaml.dump(objects);
    }

    /** The Deployment or StatefulSet, or null when {@code max_containers} is 0. */
    public HasMetadata workload() {
        return objects.stream().filter(o -> o instanceof Deployment || o instanceof StatefulSet).findFirst().orElse(null);
    }

    public Namespace namespaceObject() {
        return first(Namespace.class);
    }

    /** The Service, or null when the service has no port. */
    public Service service() {
        return first(Service.class);
    }

    /** The HPA, or null when there is no workload. */
    public HorizontalPodAutoscaler autoscaler() {
        return first(HorizontalPodAutoscaler.class);
    }

    public List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    public List<CronJob> cronJobs() {
        return all(CronJob.class);
    }

    /** Every object that carries the ownership label, i.e. everything a later deploy may prune when not rendered. */
    public List<HasMetadata> owned() {
        return objects.stream().filter(o -> o.getMetadata().getLabels() != null
                && ownerLabelValue.equals(o.getMetadata().getLabels().get(Labels.OWNER))).toList();
    }

    private <T extends HasMetadata> T first(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
