package io.jenkins.plugins.optadeploy.testing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The API discovery documents ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/apps/v1}) the CRUD mock
 * lacks, for the kinds the tests use, so that kubectl can map resource names to paths against the mock.
 */
final class Discovery {

    private record Kind(String plural, String kind, boolean namespaced, boolean status) {
    }

    private static final List<Kind> CORE = List.of(
            new Kind("namespaces", "Namespace", false, true), new Kind("pods", "Pod", true, true),
            new Kind("events", "Event", true, false), new Kind("services", "Service", true, true),
            new Kind("configmaps", "ConfigMap", true, false), new Kind("secrets", "Secret", true, false));
    private static final List<Kind> APPS = List.of(
            new Kind("deployments", "Deployment", true, true), new Kind("replicasets", "ReplicaSet", true, true),
            new Kind("statefulsets", "StatefulSet", true, true));

    private Discovery() {
    }

    /** The discovery document for a request path, or null when the path is not a discovery path. */
    static String document(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return switch (bare) {
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
            case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"apps\","
                    + "\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],"
                    + "\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}";
            case "/api/v1" -> resources("v1", CORE);
            case "/apis/apps/v1" -> resources("apps/v1", APPS);
            default -> null;
        };
    }

    private static String resources(String groupVersion, List<Kind> kinds) {
        String verbs = "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                + "\",\"resources\":[" + kinds.stream().flatMap(k -> {
                    String main = "{\"name\":\"" + k.plural() + "\",\"singularName\":\"" + k.kind().toLowerCase()
                            + "\",\"namespaced\":" + k.namespaced() + ",\"kind\":\"" + k.kind() + "\",\"verbs\":"
                            + verbs + "}";
                    String status = "{\"name\":\"" + k.plural() + "/status\",\"singularName\":\"\",\"namespaced\":"
                            + k.namespaced() + ",\"kind\":\"" + k.kind() + "\",\"verbs\":[\"get\",\"patch\",\"update\"]}";
                    return k.status() ? java.util.stream.Stream.of(main, status) : java.util.stream.Stream.of(main);
                }).collect(Collectors.joining(",")) + "]}";
    }
}
