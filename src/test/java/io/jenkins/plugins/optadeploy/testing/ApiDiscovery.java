package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy discovery documents kubectl reads before anything else (/version, /api, /apis, /api/v1,
 * /apis/&lt;group&gt;/&lt;version&gt;), for the kinds opta-deploy renders, applies and watches. The fabric8 mock answers these
 * paths with an empty List, which makes kubectl give up on resource mapping.
 */
final class ApiDiscovery {
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    record Resource(String group, String version, String plural, String singular, String kind, boolean namespaced,
            List<String> shortNames) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<Resource> RESOURCES = List.of(
            new Resource("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns")),
            new Resource("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa")),
            new Resource("", "v1", "services", "service", "Service", true, List.of("svc")),
            new Resource("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm")),
            new Resource("", "v1", "secrets", "secret", "Secret", true, List.of()),
            new Resource("", "v1", "events", "event", "Event", true, List.of("ev")),
            new Resource("", "v1", "pods", "pod", "Pod", true, List.of("po")),
            new Resource("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy")),
            new Resource("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs")),
            new Resource("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts")),
            new Resource("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler",
                    "HorizontalPodAutoscaler", true, List.of("hpa")),
            new Resource("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, List.of("ing")),
            new Resource("batch", "v1", "cronjobs", "cronjob", "CronJob", true, List.of("cj")),
            new Resource("batch", "v1", "jobs", "job", "Job", true, List.of()),
            new Resource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of()));

    private final String serverAddress;

    ApiDiscovery(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    /** The JSON document for a discovery path, or empty when the path is not a discovery path. */
    Optional<String> document(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (trimmed.equals("/version")) {
            return Optional.of(Serialization.asJson(Map.of("major", "1", "minor", "32", "gitVersion", "v1.32.0",
                    "platform", "linux/amd64", "goVersion", "go1.23.0", "compiler", "gc")));
        }
        if (trimmed.equals("/api")) {
            return Optional.of(Serialization.asJson(new APIVersionsBuilder().withVersions("v1")
                    .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder().withClientCIDR("0.0.0.0/0")
                            .withServerAddress(serverAddress).build())
                    .build()));
        }
        if (trimmed.equals("/apis")) {
            return Optional.of(groups());
        }
        if (trimmed.equals("/api/v1")) {
            return Optional.of(resources("v1"));
        }
        if (trimmed.startsWith("/apis/") && trimmed.chars().filter(c -> c == '/').count() == 3) {
            String groupVersion = trimmed.substring("/apis/".length());
            if (RESOURCES.stream().anyMatch(r -> !r.group().isEmpty() && r.groupVersion().equals(groupVersion))) {
                return Optional.of(resources(groupVersion));
            }
        }
        return Optional.empty();
    }

    private String groups() {
        Map<String, GroupVersionForDiscovery> preferred = new LinkedHashMap<>();
        RESOURCES.stream().filter(r -> !r.group().isEmpty()).forEach(r -> preferred.putIfAbsent(r.group(),
                new GroupVersionForDiscovery(r.groupVersion(), r.version())));
        APIGroupListBuilder list = new APIGroupListBuilder();
        preferred.forEach((group, version) -> list.addToGroups(new APIGroupBuilder().withName(group)
                .withVersions(version).withPreferredVersion(version).build()));
        return Serialization.asJson(list.build());
    }

    private String resources(String groupVersion) {
        APIResourceListBuilder list = new APIResourceListBuilder().withGroupVersion(groupVersion);
        RESOURCES.stream().filter(r -> r.groupVersion().equals(groupVersion)).forEach(r -> list.addToResources(
                new APIResourceBuilder().withName(r.plural()).withSingularName(r.singular()).withKind(r.kind())
                        .withNamespaced(r.namespaced()).withShortNames(r.shortNames()).withVerbs(VERBS).build()));
        return Serialization.asJson(list.build());
    }
}
