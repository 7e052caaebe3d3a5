package io.jenkins.plugins.optadeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's CRUD dispatcher plus what the deploy engine needs from a real API server: an approximation of server-side
 * apply (documented on {@link MockCluster}), the 422 a real server gives for a changed Deployment/StatefulSet
 * selector, injected faults and a log of every request. Pre-recorded expectations ({@code server.expect()}) win, as in
 * fabric8's mixed mode.
 */
final class SimulatedApiServer extends KubernetesCrudDispatcher {
    final PodLogEndpoint logs = new PodLogEndpoint();

    static final String APPLY_PATCH = "application/apply-patch";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    record FaultRule(MockCluster.RequestMatcher matcher, MockCluster.Fault fault, int times) {
    }

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expectationDispatcher;
    private final List<FaultRule> faults = new ArrayList<>();
    private final List<MockCluster.SeenRequest> seen = new CopyOnWriteArrayList<>();
    /** Per object path: what each applier (field manager) sent last. Stands in for managedFields. */
    private final Map<String, Map<String, JsonNode>> applied = new ConcurrentHashMap<>();
    private final Object writes = new Object();

    SimulatedApiServer(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.expectationDispatcher = new MockDispatcher(expectations);
    }

    void addFault(FaultRule rule) {
        synchronized (faults) {
            faults.add(rule);
        }
    }

    List<MockCluster.SeenRequest> seen() {
        return seen;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String method = request.getMethod();
        String path = request.getPath();
        seen.add(new MockCluster.SeenRequest(method, path, request.getHeader("Content-Type"),
                MockCluster.authorizationOf(request)));
        MockCluster.Fault fault = takeFault(method, path);
        if (fault != null) {
            return fault.respond(request);
        }
        MockResponse log = logs.answer(method, path);
        if (log != null) {
            return log;
        }
        Queue<ServerResponse> expected = expectations.get(new SimpleRequest(HttpMethod.valueOf(method), path));
        if (expected != null && !expected.isEmpty()) {
            return expectationDispatcher.dispatch(request);
        }
        String contentType = request.getHeader("Content-Type");
        synchronized (writes) {
            if ("PATCH".equals(method) && contentType != null && contentType.startsWith(APPLY_PATCH)) {
                return apply(request);
            }
            if ("PUT".equals(method)) {
                MockResponse rejected = rejectImmutable(basePath(path), parse(peekBody(request)));
                if (rejected != null) {
                    return rejected;
                }
            }
            if ("DELETE".equals(method)) {
                applied.remove(basePath(path));
            }
            return super.dispatch(request);
        }
    }

    private MockCluster.Fault takeFault(String method, String path) {
        synchronized (faults) {
            for (int i = 0; i < faults.size(); i++) {
                FaultRule rule = faults.get(i);
                if (rule.matcher().matches(method, path)) {
                    if (rule.times() <= 1) {
                        faults.remove(i);
                    } else {
                        faults.set(i, new FaultRule(rule.matcher(), rule.fault(), rule.times() - 1));
                    }
                    return rule.fault();
                }
            }
            return null;
        }
    }

    private MockResponse apply(RecordedRequest request) {
        String path = request.getPath();
        String base = basePath(path);
        Map<String, String> query = query(path);
        String manager = query.getOrDefault("fieldManager", "");
        boolean force = "true".equals(query.get("force"));
        boolean dryRun = "All".equals(query.get("dryRun"));
        if (manager.isEmpty()) {
            return statusResponse(400, "BadRequest", "PATCH is missing the required fieldManager parameter", null);
        }
        ObjectNode sent = (ObjectNode) parse(peekBody(request));
        String live = liveBody(base);
        Map<String, JsonNode> appliers = applied.computeIfAbsent(base, k -> new ConcurrentHashMap<>());
        if (live == null) {
            if (dryRun) {
                ObjectNode created = sent.deepCopy();
                ObjectNode metadata = created.withObjectProperty("metadata");
                metadata.put("uid", "dry-run");
                metadata.put("generation", 1);
                return new MockResponse().setResponseCode(201).setBody(created.toString());
            }
            MockResponse created = super.handleCreate(synthetic("POST", collectionPath(base), sent));
            if (created.code() == 201) {
                appliers.put(manager, sent);
            }
            return created;
        }
        ObjectNode liveNode = (ObjectNode) parse(live);
        Map<String, List<String>> conflicts = conflicts(liveNode, sent, manager, appliers);
        if (!conflicts.isEmpty() && !force) {
            return conflictResponse(conflicts);
        }
        MockResponse rejected = rejectImmutable(base, sent);
        if (rejected != null) {
            return rejected;
        }
        ObjectNode merged = liveNode.deepCopy();
        JsonNode previous = appliers.get(manager);
        if (previous != null) {
            removeDropped(merged, previous, sent);
        }
        mergeInto(merged, sent);
        ObjectNode metadata = merged.withObjectProperty("metadata");
        if (dryRun) {
            if (!specOf(liveNode).equals(specOf(merged))) {
                metadata.put("generation", liveNode.path("metadata").path("generation").asLong(0) + 1);
            }
            return new MockResponse().setResponseCode(200).setBody(merged.toString());
        }
        metadata.remove("resourceVersion");
        MockResponse updated = super.handleUpdate(synthetic("PUT", base, merged));
        if (updated.code() == 200) {
            appliers.put(manager, sent);
            conflicts.values().stream().flatMap(List::stream).distinct()
                    .forEach(other -> appliers.computeIfPresent(other, (k, v) -> withoutLeaves(v, sent)));
        }
        return updated;
    }

    private static JsonNode specOf(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("metadata");
        copy.remove("status");
        return copy;
    }

    private String liveBody(String base) {
        MockResponse found = super.handleGet(base);
        return found.code() == 200 ? found.getBody().readUtf8() : null;
    }

    /** Leaves of {@code sent} that another applier sent before and whose live value differs: field -> managers. */
    private static Map<String, List<String>> conflicts(JsonNode live, JsonNode sent, String manager,
            Map<String, JsonNode> appliers) {
        Map<String, List<String>> conflicts = new TreeMap<>();
        Map<String, JsonNode> sentLeaves = leaves(sent);
        Map<String, JsonNode> liveLeaves = leaves(live);
        appliers.forEach((other, theirs) -> {
            if (other.equals(manager)) {
                return;
            }
            leaves(theirs).keySet().forEach(field -> {
                JsonNode wanted = sentLeaves.get(field);
                if (wanted != null && !wanted.equals(liveLeaves.get(field)) && !field.startsWith(".metadata.name")
                        && !field.startsWith(".metadata.namespace")) {
                    conflicts.computeIfAbsent(field, f -> new ArrayList<>()).add(other);
                }
            });
        });
        return conflicts;
    }

    private static Map<String, JsonNode> leaves(JsonNode node) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        collectLeaves("", node, leaves);
        return leaves;
    }

    private static void collectLeaves(String prefix, JsonNode node, Map<String, JsonNode> into) {
        if (node.isObject() && node.size() > 0) {
            node.properties().forEach(e -> collectLeaves(prefix + "." + e.getKey(), e.getValue(), into));
        } else {
            into.put(prefix, node);
        }
    }

    private static JsonNode withoutLeaves(JsonNode theirs, JsonNode taken) {
        ObjectNode copy = theirs.deepCopy();
        leaves(taken).keySet().forEach(field -> {
            String[] parts = field.substring(1).split("\\.");
            JsonNode node = copy;
            for (int i = 0; i < parts.length - 1 && node != null; i++) {
                node = node.get(parts[i]);
            }
            if (node instanceof ObjectNode parent) {
                parent.remove(parts[parts.length - 1]);
            }
        });
        return copy;
    }

    /** Removes from {@code target} what the manager sent last time ({@code previous}) but no longer sends. */
    private static void removeDropped(ObjectNode target, JsonNode previous, JsonNode sent) {
        for (Map.Entry<String, JsonNode> field : previous.properties()) {
            JsonNode now = sent.get(field.getKey());
            if (now == null) {
                target.remove(field.getKey());
            } else if (field.getValue().isObject() && now.isObject() && target.get(field.getKey()) instanceof ObjectNode child) {
                removeDropped(child, field.getValue(), now);
            }
        }
    }

    private static void mergeInto(ObjectNode target, JsonNode sent) {
        sent.properties().forEach(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode child && field.getValue().isObject()) {
                mergeInto(child, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    /** A real API server rejects a changed selector on Deployments and StatefulSets (apps/v1). */
    private MockResponse rejectImmutable(String base, JsonNode sent) {
        if (!(base.contains("/deployments/") || base.contains("/statefulsets/")) || sent == null
                || !sent.path("spec").has("selector")) {
            return null;
        }
        String live = liveBody(base);
        if (live == null) {
            return null;
        }
        JsonNode liveSelector = parse(live).path("spec").path("selector");
        JsonNode sentSelector = sent.path("spec").path("selector");
        if (liveSelector.isMissingNode() || liveSelector.equals(sentSelector)) {
            return null;
        }
        String kind = sent.path("kind").asText();
        String name = sent.path("metadata").path("name").asText();
        String detail = "Invalid value: v1.LabelSelector{MatchLabels:" + sentSelector.path("matchLabels")
                + "}: field is immutable";
        ObjectNode cause = JSON.objectNode().put("reason", "FieldValueInvalid").put("message", detail)
                .put("field", "spec.selector");
        return statusResponse(422, "Invalid", kind + ".apps \"" + name + "\" is invalid: spec.selector: " + detail,
                JSON.objectNode().put("name", name).put("group", "apps").put("kind", kind.toLowerCase() + "s")
                        .set("causes", JSON.arrayNode().add(cause)));
    }

    private static MockResponse conflictResponse(Map<String, List<String>> conflicts) {
        ArrayNode causes = JSON.arrayNode();
        List<String> lines = new ArrayList<>();
        conflicts.forEach((field, managers) -> managers.forEach(manager -> {
            String message = "conflict with \"" + manager + "\"";
            causes.add(JSON.objectNode().put("reason", "FieldManagerConflict").put("message", message).put("field", field));
            lines.add(message + ": " + field);
        }));
        return statusResponse(409, "Conflict",
                "Apply failed with " + lines.size() + " conflict" + (lines.size() == 1 ? "" : "s") + ": "
                        + String.join("\n", lines),
                JSON.objectNode().set("causes", causes));
    }

    static MockResponse statusResponse(int code, String reason, String message, ObjectNode details) {
        ObjectNode status = JSON.objectNode().put("apiVersion", "v1").put("kind", "Status").put("status", "Failure")
                .put("message", message).put("reason", reason).put("code", code);
        status.set("metadata", JSON.objectNode());
        if (details != null) {
            status.set("details", details);
        }
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(status.toString());
    }

    private static RecordedRequest synthetic(String method, String path, JsonNode body) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        return SERIALIZATION.convertValue(SERIALIZATION.unmarshal(body, Object.class), JsonNode.class);
    }

    /** The body without consuming it (the CRUD handlers read it again). */
    private static String peekBody(RecordedRequest request) {
        return request.getBody() == null ? null : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    static String basePath(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String collectionPath(String base) {
        return base.substring(0, base.lastIndexOf('/'));
    }

    private static Map<String, String> query(String path) {
        Map<String, String> query = new HashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
