package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.optadeploy.spec.ReservedLabels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The objects deployed around a workload that has rolled out: the Services, Ingresses and autoscaler of the same
 * service (by its ownership label), with the Services' EndpointSlices. Read once per judgement, after the rollout is
 * complete; they never fail it, they warn ({@link ObjectCheck}).
 *
 * @param newPods the rolled-out pods the Services should select
 * @param slices  the namespace's EndpointSlices; null when they cannot be read (then endpoints are not judged)
 */
record Surroundings(RolloutTarget target, List<Pod> newPods, List<Service> services, List<EndpointSlice> slices,
                    List<Ingress> ingresses, List<HorizontalPodAutoscaler> autoscalers) {

    /** How long a rollout may wait for warnings that usually clear by themselves (endpoints follow Ready pods). */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private static final List<ObjectCheck> CHECKS =
            List.of(new ServiceEndpoints(), new IngressAddress(), new AutoscalerMetrics());

    /** A warning, and whether it usually clears within {@link #SETTLE} of the rollout (then it is judged again). */
    record Finding(String warning, boolean settling) {
    }

    /** One kind of object the gate judges without failing the rollout for it. */
    interface ObjectCheck {
        List<Finding> judge(Surroundings around);
    }

    static Surroundings read(KubernetesClient client, RolloutTarget target, HasMetadata workload, List<Pod> newPods) {
        String ns = target.namespace();
        Map<String, String> labels = workload.getMetadata().getLabels();
        String owner = labels == null ? null : labels.get(ReservedLabels.OWNER);
        List<HorizontalPodAutoscaler> autoscalers =
                readable(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems());
        if (owner == null) {
            return new Surroundings(target, newPods, List.of(), List.of(), List.of(), autoscalers);
        }
        List<Service> services =
                readable(() -> client.services().inNamespace(ns).withLabel(ReservedLabels.OWNER, owner).list().getItems());
        // only the slices of those Services, not every slice of a busy namespace
        String[] names = services.stream().map(service -> service.getMetadata().getName()).toArray(String[]::new);
        List<EndpointSlice> slices = names.length == 0 ? List.of() : readable(() -> client.discovery().v1()
                .endpointSlices().inNamespace(ns).withLabelIn(ServiceEndpoints.SERVICE_NAME_LABEL, names)
                .list().getItems(), null);
        return new Surroundings(target, newPods, services, slices,
                readable(() -> client.network().v1().ingresses().inNamespace(ns).withLabel(ReservedLabels.OWNER, owner)
                        .list().getItems()),
                autoscalers);
    }

    /** What cannot be read (no permission, an API the cluster does not serve) is not judged: these checks only advise. */
    private static <T> List<T> readable(Supplier<List<T>> read) {
        return readable(read, List.of());
    }

    private static <T> List<T> readable(Supplier<List<T>> read, List<T> unreadable) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            return unreadable;
        }
    }

    List<Finding> judge() {
        return CHECKS.stream().flatMap(check -> check.judge(this).stream()).toList();
    }

    static String name(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
