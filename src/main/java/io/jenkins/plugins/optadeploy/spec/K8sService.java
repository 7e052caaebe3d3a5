package io.jenkins.plugins.optadeploy.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Opta's {@code k8s-service} module after the defaults Opta applies (README, "The spec"), one section per
 * Kubernetes concern as {@code manifests} renders them. Every list and map is immutable and never null; optional
 * scalars are null when unset.
 *
 * @param moduleName    module {@code name} (default {@code k8sservice}); alphanumeric
 * @param image         AUTO or an external image reference
 * @param ports         the service's ports and the one probes use
 * @param probes        liveness and readiness
 * @param resources     requests and limits as Kubernetes quantities
 * @param scaling       replicas and autoscaling targets
 * @param env           environment variables, deprecated secrets and links
 * @param pod           container command and args, pod annotations, labels and tolerations
 * @param routing       Ingress routing: public URIs and ingress-nginx options
 * @param persistentStorage volumes; non-empty switches the workload to a StatefulSet
 * @param cronJobs      one CronJob each
 * @param rollout       rollout timeout and revisions kept
 * @param ignoredFields cloud-only fields that were accepted and are ignored by this plugin, e.g. {@code additional_iam_policies}
 */
public record K8sService(
        String moduleName,
        Image image,
        Ports ports,
        Probes probes,
        Resources resources,
        Scaling scaling,
        Env env,
        Pod pod,
        Routing routing,
        List<PersistentVolume> persistentStorage,
        List<CronJob> cronJobs,
        Rollout rollout,
        List<String> ignoredFields) implements Serializable {
    /** Opta's ingress class annotation: in {@code ingressExtraAnnotations} it becomes the Ingress' ingressClassName. */
    public static final String INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    public K8sService {
        persistentStorage = List.copyOf(persistentStorage);
        cronJobs = List.copyOf(cronJobs);
        ignoredFields = List.copyOf(ignoredFields);
    }

    /** A StatefulSet replaces the Deployment when persistent storage is requested. */
    public boolean stateful() {
        return !persistentStorage.isEmpty();
    }

    /**
     * The ports; the legacy {@code port: {http: 80}} form becomes one port named {@code main}.
     *
     * @param list      in file order
     * @param probePort the port probes use ({@code probe_port}, else the first port); null when there is no port
     */
    public record Ports(List<Port> list, Port probePort) implements Serializable {
        public Ports {
            list = List.copyOf(list);
        }

        /** The port that HTTP routing (Ingress) uses: the first {@code http}-type port, or null. */
        public Port http() {
            return list.stream().filter(p -> p.type() == Port.Type.HTTP).findFirst().orElse(null);
        }
    }

    /**
     * @param minContainers       HPA minReplicas (default 1)
     * @param maxContainers       HPA maxReplicas (default 3); 0 means no workload and no HPA (cron-only service)
     * @param targetCpuPercent    HPA CPU utilization target (default 80); 0 omits the metric
     * @param targetMemoryPercent HPA memory utilization target (default 80); 0 omits the metric
     */
    public record Scaling(int minContainers, int maxContainers, int targetCpuPercent, int targetMemoryPercent)
            implements Serializable {}

    /**
     * @param vars    plain environment variables in file order (map form converted in key order)
     * @param secrets deprecated {@code secrets} names (accepted with a warning, never rendered with values)
     * @param links   links to other modules of the layer
     */
    public record Env(List<EnvVar> vars, List<String> secrets, List<Link> links) implements Serializable {
        public Env {
            vars = List.copyOf(vars);
            secrets = List.copyOf(secrets);
            links = List.copyOf(links);
        }
    }

    /**
     * @param commands    container command (ENTRYPOINT override)
     * @param args        container args (CMD override)
     * @param annotations added to the pod template after Opta's fixed annotations
     * @param labels      added to pod template labels (never to selectors)
     * @param tolerations pod tolerations
     */
    public record Pod(List<String> commands, List<String> args, Map<String, String> annotations,
            Map<String, String> labels, List<Toleration> tolerations) implements Serializable {
        public Pod {
            commands = List.copyOf(commands);
            args = List.copyOf(args);
            annotations = Collections2.orderedCopy(annotations);
            labels = Collections2.orderedCopy(labels);
            tolerations = List.copyOf(tolerations);
        }
    }

    /**
     * @param publicUris          parsed {@code public_uri} entries, one Ingress each
     * @param keepPathPrefix      keep the path prefix when forwarding
     * @param stickySession       nginx cookie affinity
     * @param stickySessionMaxAge cookie lifetime in seconds (default 86400)
     * @param consistentHash      nginx upstream-hash-by value, or null
     * @param extraAnnotations    added to every Ingress after Opta's own
     */
    public record Routing(List<PublicUri> publicUris, boolean keepPathPrefix, boolean stickySession,
            int stickySessionMaxAge, String consistentHash, Map<String, String> extraAnnotations) implements Serializable {
        public Routing {
            publicUris = List.copyOf(publicUris);
            extraAnnotations = Collections2.orderedCopy(extraAnnotations);
        }
    }

    /** How long the rollout may take (default 300 s) and how many revisions are kept (default 25; 0 = unlimited). */
    public record Rollout(int timeoutSeconds, int maxHistory) implements Serializable {}

    /** {@code image: AUTO} or an external, pullable reference. */
    public sealed interface Image extends Serializable permits Image.Auto, Image.External {
        /** Opta-managed repository {@code <registry>/<layer>/<module>}; the build pushes and deploys by digest. */
        record Auto() implements Image {}

        /** A reference to pull as is, for example {@code nginx:1.27} or {@code ghcr.io/a/b@sha256:...}. */
        record External(String reference) implements Image {}
    }

    /**
     * One service port.
     *
     * @param name        port name (legacy form: {@code main}); referenced by probes, Service and Ingress by name
     * @param type        {@code http} or {@code tcp}
     * @param protocol    grpc / websocket refinement of an http port, or NONE
     * @param port        container port
     * @param servicePort Service port (default 80 for http and the legacy form, else the container port)
     */
    public record Port(String name, Type type, Protocol protocol, int port, int servicePort) implements Serializable {
        public enum Type { HTTP, TCP }

        public enum Protocol { NONE, GRPC, WEBSOCKET }
    }

    /** A plain environment variable; the value is always a string. */
    public record EnvVar(String name, String value) implements Serializable {}

    /**
     * A link to another module of the layer.
     *
     * @param module  the linked module's name
     * @param renames secret field renames given in the file ({@code db_host: DATABASE_HOST}), in file order
     */
    public record Link(String module, Map<String, String> renames) implements Serializable {
        public Link {
            renames = Collections2.orderedCopy(renames);
        }
    }

    /**
     * Requests and limits as Kubernetes quantity strings, e.g. {@code 100m}, {@code 128Mi}. Limits default to twice
     * the requests unless {@code resource_limits} says otherwise.
     */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) implements Serializable {}

    /**
     * One {@code public_uri} entry.
     *
     * @param host       domain, or null for "all hosts" (no {@code host:} in the rule)
     * @param pathPrefix path prefix beginning with {@code /} ({@code /} when none)
     * @param raw        the entry as written, after interpolation
     */
    public record PublicUri(String host, String pathPrefix, String raw) implements Serializable {}

    /** One persistent volume: {@code size} in GiB mounted at {@code path}. */
    public record PersistentVolume(int sizeGi, String path) implements Serializable {}

    /** A toleration; value defaults to {@code opta}, effect to {@code NoSchedule}. */
    public record Toleration(String key, String value, String effect) implements Serializable {}

    /** A cron job running the service image. */
    public record CronJob(List<String> commands, List<String> args, String schedule) implements Serializable {
        public CronJob {
            commands = List.copyOf(commands);
            args = List.copyOf(args);
        }
    }
}
