package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.jenkins.plugins.optadeploy.spec.Probes;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadRenderingTest {
    private final ManifestRenderer renderer = new ManifestRenderer();

    private Manifests render(Specs specs) {
        return renderer.render(specs.build(), Contexts.auto("hello", "hello"));
    }

    private static Container container(Manifests manifests) {
        HasMetadata workload = manifests.workload();
        if (workload instanceof StatefulSet set) {
            return set.getSpec().getTemplate().getSpec().getContainers().get(0);
        }
        return ((Deployment) workload).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void objectsComeInApplyOrder() {
        Manifests manifests = render(Specs.minimal().withCronJob("0 * * * *", List.of("run"), List.of()));
        assertThat(manifests.objects()).extracting(HasMetadata::getKind)
                .containsExactly("Namespace", "ServiceAccount", "Service", "Deployment", "HorizontalPodAutoscaler",
                        "Ingress", "CronJob");
        assertThat(manifests.namespace()).isEqualTo("hello");
        assertThat(manifests.objects().subList(1, manifests.objects().size()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("hello"));
    }

    @Test
    void deploymentKeepsOptasNamesSelectorAndContainer() {
        Manifests manifests = render(Specs.minimal());
        Deployment deployment = (Deployment) manifests.workload();
        assertThat(deployment.getApiVersion()).isEqualTo("apps/v1");
        assertThat(deployment.getMetadata().getName()).isEqualTo("hello-hello-k8s-service");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactly(
                Map.entry("app.kubernetes.io/name", "k8s-service"), Map.entry("app.kubernetes.io/instance", "hello-hello"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry("tags.datadoghq.com/service", "hello-hello")
                .doesNotContainKey(Labels.OWNER);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("hello");
        Container container = container(manifests);
        assertThat(container.getName()).isEqualTo("k8s-service");
        assertThat(container.getImage()).isEqualTo("localhost:5000/hello/hello@" + Contexts.DIGEST);
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(container.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("main");
            assertThat(p.getContainerPort()).isEqualTo(80);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        assertThat(container.getVolumeMounts()).isEmpty();
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
    }

    @Test
    void theHpaOwnsTheReplicaCount() {
        Manifests manifests = render(Specs.minimal().withContainers(2, 5));
        assertThat(((Deployment) manifests.workload()).getSpec().getReplicas()).isNull();
        assertThat(manifests.toYaml()).doesNotContain("replicas:");
        HorizontalPodAutoscaler hpa = manifests.autoscaler();
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("hello-hello-k8s-service");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    }

    @Test
    void hpaMetricsFollowTheTargetsAndZeroOmitsAMetric() {
        assertThat(metrics(Specs.minimal().withAutoscalingTargets(70, 90)))
                .containsExactly(Map.entry("cpu", 70), Map.entry("memory", 90));
        assertThat(metrics(Specs.minimal().withAutoscalingTargets(0, 90))).containsExactly(Map.entry("memory", 90));
        assertThat(metrics(Specs.minimal().withAutoscalingTargets(60, 0))).containsExactly(Map.entry("cpu", 60));
        assertThat(render(Specs.minimal().withAutoscalingTargets(0, 0)).autoscaler().getSpec().getMetrics()).isNullOrEmpty();
    }

    private Map<String, Integer> metrics(Specs specs) {
        List<MetricSpec> metrics = render(specs).autoscaler().getSpec().getMetrics();
        assertThat(metrics).allSatisfy(m -> {
            assertThat(m.getType()).isEqualTo("Resource");
            assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
        });
        java.util.LinkedHashMap<String, Integer> byName = new java.util.LinkedHashMap<>();
        metrics.forEach(m -> byName.put(m.getResource().getName(), m.getResource().getTarget().getAverageUtilization()));
        return byName;
    }

    @Test
    void maxContainersZeroRendersNoWorkloadAndNoHpa() {
        Manifests manifests = render(Specs.minimal().withContainers(0, 0).withCronJob("0 3 * * *", List.of("backup"), List.of()));
        assertThat(manifests.workload()).isNull();
        assertThat(manifests.autoscaler()).isNull();
        assertThat(manifests.cronJobs()).hasSize(1);
        assertThat(manifests.service()).isNotNull();
    }

    @Test
    void httpPortsProbeWithHttpGetByPortName() {
        Container container = container(render(Specs.minimal()
                .withLiveness(new Probes.Probe("/live", List.of(), 15, null, null))
                .withReadiness(new Probes.Probe("/ready", List.of(), 20, 10, null))));
        Probe liveness = container.getLivenessProbe();
        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/live");
        assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo("main");
        assertThat(liveness.getInitialDelaySeconds()).isEqualTo(15);
        assertThat(liveness.getPeriodSeconds()).isNull();
        assertThat(liveness.getTcpSocket()).isNull();
        Probe readiness = container.getReadinessProbe();
        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(readiness.getInitialDelaySeconds()).isEqualTo(20);
        assertThat(readiness.getPeriodSeconds()).isEqualTo(10);
    }

    @Test
    void tcpPortsProbeWithTcpSocketOnTheProbePort() {
        Container container = container(render(Specs.minimal()
                .withPorts(Specs.http("web", 8080, 80), Specs.tcp("game", 25565, 25565))
                .withProbePort("game")));
        assertThat(container.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("game");
        assertThat(container.getLivenessProbe().getHttpGet()).isNull();
        assertThat(container.getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("game");
        assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(10);
    }

    @Test
    void commandsProbeWithExec() {
        Container container = container(render(Specs.minimal()
                .withLiveness(new Probes.Probe(null, List.of("cat", "/tmp/alive"), 30, null, null))
                .withReadiness(new Probes.Probe(null, List.of("check", "--ready"), 5, null, null))));
        assertThat(container.getLivenessProbe().getExec().getCommand()).containsExactly("cat", "/tmp/alive");
        assertThat(container.getLivenessProbe().getHttpGet()).isNull();
        assertThat(container.getReadinessProbe().getExec().getCommand()).containsExactly("check", "--ready");
        assertThat(container.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(5);
        assertThat(container.getReadinessProbe().getPeriodSeconds()).isNull();
    }

    @Test
    void noProbeWhenNoneIsConfigured() {
        Manifests manifests = render(Specs.minimal().withoutProbes());
        assertThat(container(manifests).getLivenessProbe()).isNull();
        assertThat(container(manifests).getReadinessProbe()).isNull();
        assertThat(manifests.toYaml()).doesNotContain("Probe:");
    }

    @Test
    void envVarsKeepTheirOrderAndSecretsAreOptionalReferences() {
        Container container = container(render(Specs.minimal().withEnv("Z_LAST", "1").withEnv("A_FIRST", "two")
                .withEnv("EMPTY", "")));
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("Z_LAST", "A_FIRST", "EMPTY");
        assertThat(container.getEnv()).extracting(EnvVar::getValue).containsExactly("1", "two", "");
        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("RDS_CA_PATH");
        assertThat(container.getEnvFrom()).extracting(e -> e.getSecretRef().getName()).containsExactly("secret", "manual-secrets");
        assertThat(container.getEnvFrom()).allSatisfy(e -> assertThat(e.getSecretRef().getOptional()).isTrue());
    }

    @Test
    void cpuAndMemoryLimitsAreWhatTheSpecSays() {
        Container container = container(render(Specs.minimal().withResources("250m", "512Mi", "1", "2Gi")));
        assertThat(container.getResources().getRequests())
                .containsExactly(Map.entry("cpu", new Quantity("250m")), Map.entry("memory", new Quantity("512Mi")));
        assertThat(container.getResources().getLimits())
                .containsExactly(Map.entry("cpu", new Quantity("1")), Map.entry("memory", new Quantity("2Gi")));
    }

    @Test
    void commandsArgsTolerationsAndPodMetadataReachThePod() {
        Deployment deployment = (Deployment) render(Specs.minimal().withCommands("/bin/app").withArgs("--port", "80")
                .withToleration("dedicated", "opta", "NoSchedule")
                .withPodAnnotation("example.com/team", "web").withPodAnnotation("viz.linkerd.io/tap-enabled", "false")
                .withPodLabel("team", "web").withPodLabel("app.kubernetes.io/name", "hijack")).workload();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getCommand()).containsExactly("/bin/app");
        assertThat(container.getArgs()).containsExactly("--port", "80");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getValue()).isEqualTo("opta");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
            assertThat(t.getOperator()).isNull();
        });
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("example.com/team", "web")
                .containsEntry("viz.linkerd.io/tap-enabled", "false")
                .containsEntry("config.linkerd.io/proxy-memory-limit", "100Mi")
                .containsEntry("cluster-autoscaler.kubernetes.io/safe-to-evict", "true");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("team", "web").containsEntry("app.kubernetes.io/name", "k8s-service");
    }

    @Test
    void persistentStorageSwitchesToAStatefulSetWithAHeadlessService() {
        Manifests manifests = render(Specs.minimal().withPersistentStorage(30, "/data").withPersistentStorage(1, "/cache")
                .withCommands("/start").withLiveness(new Probes.Probe("/live", List.of(), 30, null, null))
                .withReadiness(new Probes.Probe("/ready", List.of(), 30, 10, null)));
        StatefulSet set = (StatefulSet) manifests.workload();
        assertThat(set.getMetadata().getName()).isEqualTo("hello-hello-k8s-service");
        assertThat(set.getSpec().getServiceName()).isEqualTo("hello-headless");
        assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(set.getSpec().getReplicas()).isNull();
        assertThat(set.getSpec().getVolumeClaimTemplates()).hasSize(2).allSatisfy(claim -> {
            assertThat(claim.getApiVersion()).isNull();
            assertThat(claim.getMetadata().getLabels()).isEmpty();
            assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(claim.getSpec().getStorageClassName()).isNull();
        });
        assertThat(set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName()).isEqualTo("opta-persistent-0");
        assertThat(set.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("30Gi"));
        Container container = container(manifests);
        assertThat(container.getVolumeMounts()).extracting(m -> m.getName() + "=" + m.getMountPath())
                .containsExactly("opta-persistent-0=/data", "opta-persistent-1=/cache");
        // Opta's StatefulSet template dropped these; both variants keep them here
        assertThat(container.getCommand()).containsExactly("/start");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("config.linkerd.io/proxy-memory-limit", "20Mi")
                .doesNotContainKey("viz.linkerd.io/tap-enabled");

        Service service = manifests.service();
        assertThat(service.getMetadata().getName()).isEqualTo("hello-headless");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(manifests.autoscaler().getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
        assertThat(manifests.ingresses().get(0).getSpec().getRules().get(0).getHttp().getPaths().get(0)
                .getBackend().getService().getName()).isEqualTo("hello-headless");
    }

    @Test
    void serviceExposesEveryPortByNameAndMarksTcpPortsForNginx() {
        ServiceSpec spec = Specs.minimal().withPorts(Specs.http("web", 8080, 80), Specs.tcp("game", 25565, 25566)).build();
        Service service = renderer.render(spec, Contexts.auto("hello", "hello")).service();
        assertThat(service.getMetadata().getName()).isEqualTo("hello");
        assertThat(service.getSpec().getType()).isNull();
        assertThat(service.getSpec().getClusterIP()).isNull();
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal() + "/" + p.getProtocol())
                .containsExactly("web:80->web/TCP", "game:25566->game/TCP");
        assertThat(service.getSpec().getSelector()).containsExactly(
                Map.entry("app.kubernetes.io/name", "k8s-service"), Map.entry("app.kubernetes.io/instance", "hello-hello"));
        assertThat(service.getMetadata().getAnnotations()).containsEntry("nginx.opta.dev/extra-tcp-ports", "{\"25566\": \"game\"}");
        assertThat(render(Specs.minimal()).service().getMetadata().getAnnotations()).doesNotContainKey("nginx.opta.dev/extra-tcp-ports");
    }

    @Test
    void serviceAccountCarriesNoCloudPlaceholders() {
        HasMetadata account = render(Specs.minimal()).objects().get(1);
        assertThat(account.getKind()).isEqualTo("ServiceAccount");
        assertThat(account.getMetadata().getName()).isEqualTo("hello");
        assertThat(account.getMetadata().getAnnotations()).doesNotContainKeys("eks.amazonaws.com/role-arn", "iam.gke.io/gcp-service-account");
    }
}
