package io.jenkins.plugins.optadeploy.testing;

import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.spec.Probes;
import io.jenkins.plugins.optadeploy.spec.Probes.Probe;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test data: {@link ServiceSpec} values as the spec reader would produce them after defaults, without reading a file.
 * {@link #minimal()} is Opta's hello-app example (layer and module {@code hello}, {@code port: {http: 80}},
 * {@code healthcheck_path: "/"}, {@code public_uri: "/hello"}); every {@code with...} changes one field.
 */
public final class Specs {
    /** Where hello-app's {@code healthcheck_path: "/"} is written. */
    public static final SpecLocation HEALTHCHECK_PATH = new SpecLocation("opta.yaml", 14, 5, "modules[0].healthcheck_path");
    private String layerName = "hello";
    private String environmentName = "local";
    private String moduleName = "hello";
    private K8sService.Image image = new K8sService.Image.Auto();
    private final List<Port> ports = new ArrayList<>(List.of(http("main", 80, 80)));
    private String probePortName;
    private int minContainers = 1;
    private int maxContainers = 3;
    private int targetCpu = 80;
    private int targetMemory = 80;
    private final List<K8sService.EnvVar> envVars = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private final List<K8sService.Link> links = new ArrayList<>();
    private Probe liveness = new Probe("/", List.of(), 30, null, HEALTHCHECK_PATH);
    private Probe readiness = new Probe("/", List.of(), 30, 10, HEALTHCHECK_PATH);
    private K8sService.Resources resources = new K8sService.Resources("100m", "128Mi", "200m", "256Mi");
    private final List<K8sService.PublicUri> publicUris = new ArrayList<>(List.of(uri("/hello")));
    private boolean keepPathPrefix;
    private boolean stickySession;
    private int stickySessionMaxAge = 86400;
    private String consistentHash;
    private final Map<String, String> ingressExtraAnnotations = new LinkedHashMap<>();
    private final List<K8sService.PersistentVolume> persistentStorage = new ArrayList<>();
    private final List<K8sService.Toleration> tolerations = new ArrayList<>();
    private final List<K8sService.CronJob> cronJobs = new ArrayList<>();
    private List<String> commands = List.of();
    private List<String> args = List.of();
    private final Map<String, String> podAnnotations = new LinkedHashMap<>();
    private final Map<String, String> podLabels = new LinkedHashMap<>();
    private String sourceSha256 = "5b1d0c8a7e2f4a3b9c6d1e0f2a4b6c8d0e1f3a5b7c9d2e4f6a8b0c1d3e5f7a9b";

    private Specs() {}

    public static Specs minimal() {
        return new Specs();
    }

    public static Port http(String name, int port, int servicePort) {
        return new Port(name, Port.Type.HTTP, Port.Protocol.NONE, port, servicePort);
    }

    public static Port tcp(String name, int port, int servicePort) {
        return new Port(name, Port.Type.TCP, Port.Protocol.NONE, port, servicePort);
    }

    /** Parses a {@code public_uri} entry as Opta does: text before the first {@code /} is the host. */
    public static K8sService.PublicUri uri(String raw) {
        int slash = raw.indexOf('/');
        String host = slash < 0 ? raw : raw.substring(0, slash);
        String prefix = slash < 0 ? "/" : raw.substring(slash);
        if (host.isEmpty() || host.equals("*")) {
            host = null;
        }
        return new K8sService.PublicUri(host, prefix, raw);
    }

    public Specs withLayer(String name) {
        layerName = name;
        return this;
    }

    public Specs withEnvironmentName(String name) {
        environmentName = name;
        return this;
    }

    public Specs withModule(String name) {
        moduleName = name;
        return this;
    }

    public Specs withExternalImage(String reference) {
        image = new K8sService.Image.External(reference);
        return this;
    }

    /** Replaces the ports. */
    public Specs withPorts(Port... newPorts) {
        ports.clear();
        ports.addAll(List.of(newPorts));
        return this;
    }

    public Specs withProbePort(String name) {
        probePortName = name;
        return this;
    }

    public Specs withContainers(int min, int max) {
        minContainers = min;
        maxContainers = max;
        return this;
    }

    public Specs withAutoscalingTargets(int cpuPercent, int memoryPercent) {
        targetCpu = cpuPercent;
        targetMemory = memoryPercent;
        return this;
    }

    public Specs withEnv(String name, String value) {
        envVars.add(new K8sService.EnvVar(name, value));
        return this;
    }

    public Specs withSecret(String name) {
        secrets.add(name);
        return this;
    }

    public Specs withLink(String module, Map<String, String> renames) {
        links.add(new K8sService.Link(module, renames));
        return this;
    }

    public Specs withLiveness(Probe probe) {
        liveness = probe;
        return this;
    }

    public Specs withReadiness(Probe probe) {
        readiness = probe;
        return this;
    }

    public Specs withoutProbes() {
        liveness = null;
        readiness = null;
        return this;
    }

    public Specs withResources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        resources = new K8sService.Resources(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
        return this;
    }

    /** Replaces the public URIs. */
    public Specs withPublicUris(String... raw) {
        publicUris.clear();
        for (String entry : raw) {
            publicUris.add(uri(entry));
        }
        return this;
    }

    public Specs withKeepPathPrefix(boolean keep) {
        keepPathPrefix = keep;
        return this;
    }

    public Specs withStickySession(int maxAge) {
        stickySession = true;
        stickySessionMaxAge = maxAge;
        return this;
    }

    public Specs withConsistentHash(String value) {
        consistentHash = value;
        return this;
    }

    public Specs withIngressAnnotation(String key, String value) {
        ingressExtraAnnotations.put(key, value);
        return this;
    }

    public Specs withPersistentStorage(int sizeGi, String path) {
        persistentStorage.add(new K8sService.PersistentVolume(sizeGi, path));
        return this;
    }

    public Specs withToleration(String key, String value, String effect) {
        tolerations.add(new K8sService.Toleration(key, value, effect));
        return this;
    }

    public Specs withCronJob(String schedule, List<String> cronCommands, List<String> cronArgs) {
        cronJobs.add(new K8sService.CronJob(cronCommands, cronArgs, schedule));
        return this;
    }

    public Specs withCommands(String... values) {
        commands = List.of(values);
        return this;
    }

    public Specs withArgs(String... values) {
        args = List.of(values);
        return this;
    }

    public Specs withPodAnnotation(String key, String value) {
        podAnnotations.put(key, value);
        return this;
    }

    public Specs withPodLabel(String key, String value) {
        podLabels.put(key, value);
        return this;
    }

    public Specs withSourceSha256(String hex) {
        sourceSha256 = hex;
        return this;
    }

    public ServiceSpec build() {
        Port probePort = ports.isEmpty() ? null : ports.get(0);
        if (probePortName != null) {
            probePort = ports.stream().filter(p -> p.name().equals(probePortName)).findFirst().orElseThrow();
        }
        K8sService service = new K8sService(moduleName, image, new K8sService.Ports(ports, probePort),
                new Probes(liveness, readiness), resources,
                new K8sService.Scaling(minContainers, maxContainers, targetCpu, targetMemory),
                new K8sService.Env(envVars, secrets, links),
                new K8sService.Pod(commands, args, podAnnotations, podLabels, tolerations),
                new K8sService.Routing(publicUris, keepPathPrefix, stickySession, stickySessionMaxAge, consistentHash,
                        ingressExtraAnnotations),
                persistentStorage, cronJobs, new K8sService.Rollout(300, 25), List.of());
        return new ServiceSpec("opta.yaml", layerName, null, environmentName == null ? null : "local",
                environmentName, Map.of(), service, List.of(), sourceSha256);
    }
}
