package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.Probes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of pod templates that the Deployment, the StatefulSet and the CronJobs share. */
final class PodTemplates {
    /** Opta's container name; {@code kubectl logs -c k8s-service} and dashboards rely on it. */
    static final String CONTAINER = "k8s-service";
    static final String CRON_CONTAINER = "cron";
    /** Secret of linked modules' credentials (Opta's chart rendered it; referenced here, never rendered). */
    static final String LINK_SECRET = "secret";
    /** Secret written by {@code opta secret update}, shared by the layer's services. */
    static final String MANUAL_SECRET = "manual-secrets";

    private PodTemplates() {}

    /**
     * Opta's fixed pod annotations (linkerd proxy sizing, Datadog checks of the proxy, evictable by the cluster
     * autoscaler), then {@code pod_annotations}. They are kept because Opta clusters run linkerd and Datadog and read
     * them; on a cluster without those they are inert. The StatefulSet values differ as in Opta's chart.
     */
    static Map<String, String> podAnnotations(K8sService service) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("cluster-autoscaler.kubernetes.io/safe-to-evict", "true");
        annotations.put("config.linkerd.io/skip-outbound-ports", "8126,5432,3306");
        annotations.put("linkerd-version", "2.10.2");
        annotations.put("ad.datadoghq.com/linkerd-proxy.check_names", "[\"linkerd\"]");
        annotations.put("ad.datadoghq.com/linkerd-proxy.init_configs", "[{}]");
        annotations.put("ad.datadoghq.com/linkerd-proxy.instances", "[{\"prometheus_url\": \"http://%%host%%:4191/metrics\"}]");
        annotations.put("config.linkerd.io/proxy-cpu-request", "0.05");
        if (service.stateful()) {
            annotations.put("config.linkerd.io/proxy-memory-limit", "20Mi");
            annotations.put("config.linkerd.io/proxy-memory-request", "10Mi");
        } else {
            annotations.put("config.linkerd.io/proxy-memory-limit", "100Mi");
            annotations.put("config.linkerd.io/proxy-memory-request", "20Mi");
            annotations.put("viz.linkerd.io/tap-enabled", "true");
        }
        annotations.putAll(service.pod().annotations());
        return annotations;
    }

    /**
     * The service container. Opta's {@code RDS_CA_PATH} variable and {@code /config} volume are gone: they carried an
     * AWS RDS CA bundle this plugin cannot ship; a service that needs it mounts its own.
     */
    static Container serviceContainer(Metadata meta) {
        K8sService service = meta.service();
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(meta.context().imageReference())
                .withImagePullPolicy("Always");
        for (K8sService.Port port : service.ports().list()) {
            container.addToPorts(new ContainerPortBuilder()
                    .withName(port.name())
                    .withProtocol("TCP")
                    .withContainerPort(port.port())
                    .build());
        }
        container.withEnv(env(service))
                .withEnvFrom(secretRef(LINK_SECRET), secretRef(MANUAL_SECRET))
                .withLivenessProbe(probe(service.probes().liveness(), service.ports().probePort()))
                .withReadinessProbe(probe(service.probes().readiness(), service.ports().probePort()))
                .withResources(resources(service.resources()));
        // Opta's StatefulSet template dropped commands and args; both variants honour them here.
        if (!service.pod().commands().isEmpty()) {
            container.withCommand(service.pod().commands());
        }
        if (!service.pod().args().isEmpty()) {
            container.withArgs(service.pod().args());
        }
        List<VolumeMount> mounts = new ArrayList<>();
        for (int i = 0; i < service.persistentStorage().size(); i++) {
            mounts.add(new VolumeMountBuilder()
                    .withName(volumeClaimName(i))
                    .withMountPath(service.persistentStorage().get(i).path())
                    .build());
        }
        if (!mounts.isEmpty()) {
            container.withVolumeMounts(mounts);
        }
        return container.build();
    }

    /**
     * A cron job's container: {@code env_vars}, then link secrets through {@code envFrom} of the {@code secret} Secret
     * (Opta listed one optional key reference per link field; the whole optional Secret gives the same variables).
     */
    static Container cronContainer(Metadata meta, K8sService.CronJob cron) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(CRON_CONTAINER)
                .withImage(meta.context().imageReference())
                .withImagePullPolicy("Always")
                .withCommand(cron.commands());
        if (!cron.args().isEmpty()) {
            container.withArgs(cron.args());
        }
        return container.withEnv(env(meta.service()))
                .withEnvFrom(secretRef(LINK_SECRET), secretRef(MANUAL_SECRET))
                .withResources(resources(meta.service().resources()))
                .build();
    }

    static String volumeClaimName(int index) {
        return "opta-persistent-" + index;
    }

    static List<Toleration> tolerations(K8sService service) {
        List<Toleration> tolerations = new ArrayList<>();
        for (K8sService.Toleration toleration : service.pod().tolerations()) {
            tolerations.add(new TolerationBuilder()
                    .withKey(toleration.key())
                    .withValue(toleration.value())
                    .withEffect(toleration.effect())
                    .build());
        }
        return tolerations.isEmpty() ? null : tolerations;
    }

    private static List<EnvVar> env(K8sService service) {
        List<EnvVar> env = new ArrayList<>();
        for (K8sService.EnvVar variable : service.env().vars()) {
            env.add(new EnvVarBuilder().withName(variable.name()).withValue(variable.value()).build());
        }
        return env.isEmpty() ? null : env;
    }

    /** Optional, so a service without links or manual secrets starts; values are never rendered. */
    private static EnvFromSource secretRef(String name) {
        return new EnvFromSourceBuilder().withNewSecretRef(name, true).build();
    }

    /** Probes by port name, as Opta: {@code httpGet} on http ports, {@code tcpSocket} on tcp ports, else exec. */
    static Probe probe(Probes.Probe probe, K8sService.Port port) {
        if (probe == null) {
            return null;
        }
        ProbeBuilder builder = new ProbeBuilder()
                .withInitialDelaySeconds(probe.initialDelaySeconds())
                .withPeriodSeconds(probe.periodSeconds());
        if (!probe.command().isEmpty()) {
            return builder.withNewExec().withCommand(probe.command()).endExec().build();
        }
        if (port == null || probe.path() == null) {
            return null;
        }
        IntOrString portName = new IntOrString(port.name());
        if (port.type() == K8sService.Port.Type.TCP) {
            return builder.withNewTcpSocket().withPort(portName).endTcpSocket().build();
        }
        return builder.withNewHttpGet().withPort(portName).withPath(probe.path()).endHttpGet().build();
    }

    /**
     * Requests and limits as the spec gives them. Opta set no CPU limit and a memory limit of twice the request; the
     * spec now carries both limits (twice the requests unless {@code resource_limits} says otherwise).
     */
    private static ResourceRequirements resources(K8sService.Resources resources) {
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
        putQuantity(builder, true, "cpu", resources.cpuLimit());
        putQuantity(builder, true, "memory", resources.memoryLimit());
        putQuantity(builder, false, "cpu", resources.cpuRequest());
        putQuantity(builder, false, "memory", resources.memoryRequest());
        return builder.build();
    }

    private static void putQuantity(ResourceRequirementsBuilder builder, boolean limit, String name, String value) {
        if (value == null) {
            return;
        }
        if (limit) {
            builder.addToLimits(name, new Quantity(value));
        } else {
            builder.addToRequests(name, new Quantity(value));
        }
    }
}
