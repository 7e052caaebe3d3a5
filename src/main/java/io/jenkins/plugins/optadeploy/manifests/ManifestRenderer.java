package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders what Opta's {@code k8s-service} Helm chart rendered, for current Kubernetes, in apply order: Namespace,
 * ServiceAccount, Service, Deployment or StatefulSet, HPA, Ingresses, CronJobs.
 *
 * <p>Not rendered, deliberately: the chart's {@code secret} Secret (link credentials came from cloud modules; the pods
 * still read it, and {@code manual-secrets}, as optional references, so secrets from Opta's era keep working) and the
 * ConfigMap holding AWS's RDS CA bundle. Secret values are never rendered.
 */
public final class ManifestRenderer {

    public Manifests render(ServiceSpec spec, RenderContext context) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(context, "context");
        K8sService service = spec.service();
        Names names = new Names(spec.layerName(), service);
        Metadata meta = new Metadata(spec, names, context);

        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new NamespaceBuilder().withMetadata(meta.namespaceMeta()).build());
        objects.add(serviceAccount(meta));
        Service kubernetesService = Routing.service(meta);
        if (kubernetesService != null) {
            objects.add(kubernetesService);
        }
        // max_containers 0 is Opta's cron-only service: no pods, hence nothing to autoscale.
        if (service.scaling().maxContainers() > 0) {
            objects.add(service.stateful() ? Workloads.statefulSet(meta) : Workloads.deployment(meta));
            objects.add(Autoscaling.hpa(meta));
        }
        objects.addAll(Routing.ingresses(meta));
        objects.addAll(CronJobs.cronJobs(meta));
        return new Manifests(names.namespace(), objects, meta.owner());
    }

    /**
     * Opta's chart annotated the account for AWS IRSA and GKE workload identity ({@code placeholder} off those clouds).
     * Those annotations are left out, not set to {@code placeholder}: an account Opta annotated with a real role keeps
     * it, because this plugin never takes ownership of the field.
     */
    private static ServiceAccount serviceAccount(Metadata meta) {
        return new ServiceAccountBuilder()
                .withMetadata(meta.object(meta.names().serviceAccount(), meta.common()))
                .build();
    }
}
