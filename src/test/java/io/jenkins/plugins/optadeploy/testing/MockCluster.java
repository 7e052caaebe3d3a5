package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A Kubernetes API server for tests: fabric8's {@link KubernetesMockServer} in CRUD mode on 127.0.0.1, extended by
 * {@link SimulatedApiServer} with an approximation of server-side apply, the immutable Deployment/StatefulSet selector,
 * fault injection and request counting.
 *
 * <p>What the apply approximation does (see {@link SimulatedApiServer}): a PATCH with content type
 * {@code application/apply-patch+yaml} creates the object when it is missing, else merges the sent object into the
 * stored one (maps merged key by key, lists and scalars replaced); fields the same field manager sent last time and no
 * longer sends are removed; a field another applier (another {@code fieldManager}) sent before with a different live
 * value is a 409 conflict listing the fields and managers unless {@code force=true} (then ownership moves);
 * {@code dryRun=All} returns the merged result without storing it.
 *
 * <p>What it does NOT prove: real field ownership ({@code managedFields} is never written, so nothing reads or checks
 * it); conflicts with writers that used update/patch instead of apply (only appliers are tracked); list merge by key
 * ({@code x-kubernetes-list-type: map}, e.g. containers by name: lists are replaced whole); server-side defaulting,
 * validation and admission (an object comes back exactly as sent plus uid/resourceVersion/generation);
 * cascading deletion (deleting a Namespace leaves its objects, a Deployment leaves its pods); dryRun for anything but
 * apply; OpenAPI schema checks. Everything proven against it is the client's behaviour, not the API server's.
 *
 * <p>Use this one for apply, deploy and CLI tests (apply emulation, request log, per-request faults, pod logs, https);
 * use {@link CrudServer} for rollout-gate tests that drop watches or answer them with 410 Gone. kubectl reaches either
 * through {@link KubectlCompatibleCluster}.
 */
public final class MockCluster implements AutoCloseable {

    /** Held so that the level sticks: the mock server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet();

    private final KubernetesMockServer server;
    private final SimulatedApiServer api;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

    /** fabric8's shared mapper is deprecated, but it is the one the mock server's own constructors pass. */
    @SuppressWarnings("deprecation")
    private MockCluster(boolean https) {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
        api = new SimulatedApiServer(expectations);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations, api,
                https);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain-HTTP cluster on 127.0.0.1; {@link #close()} stops it. */
    public static MockCluster start() {
        return new MockCluster(false);
    }

    /** A cluster serving HTTPS with a self-signed certificate for {@code localhost}. */
    public static MockCluster startHttps() {
        return new MockCluster(true);
    }

    /** The API server URL, ending with a slash. */
    public String url() {
        return server.url("/");
    }

    public KubernetesMockServer server() {
        return server;
    }

    /**
     * A new client to this cluster, closed with it. fabric8's transparent request retries are off so that tests see
     * every failure the code under test sees.
     */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withTrustCerts(true)
                .withNamespace("default")
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(10_000)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(client);
        return client;
    }

    /** The next {@code times} requests that {@code matcher} accepts are answered by {@code fault} instead. */
    public void failNext(int times, RequestMatcher matcher, Fault fault) {
        api.addFault(new SimulatedApiServer.FaultRule(matcher, fault, times));
    }

    /** Serves pod logs ({@code GET .../pods/{name}/log}) from the callback: pod name, decoded query parameters. */
    public void serveLogs(BiFunction<String, Map<String, String>, String> logs) {
        api.logs.serve(logs);
    }

    /** Every request the server answered, in order (including the faulted ones). */
    public List<SeenRequest> requests() {
        return List.copyOf(api.seen());
    }

    public long count(String method, Predicate<String> path) {
        return api.seen().stream().filter(r -> r.method().equals(method) && path.test(r.path())).count();
    }

    /** How many server-side apply requests (PATCH application/apply-patch+yaml) had a path (with query) matching. */
    public long applyCount(Predicate<String> path) {
        return api.seen().stream().filter(r -> r.isApply() && path.test(r.path())).count();
    }

    /** One request as the server saw it. {@code path} includes the query string. */
    public record SeenRequest(String method, String path, String contentType, String authorization) {
        public boolean isApply() {
            return "PATCH".equals(method) && contentType != null && contentType.startsWith(SimulatedApiServer.APPLY_PATCH);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Which requests a fault applies to. */
    @FunctionalInterface
    public interface RequestMatcher {
        boolean matches(String method, String path);

        /** Requests with this HTTP method whose path (with query) contains {@code fragment}. */
        static RequestMatcher of(String method, String fragment) {
            return (m, p) -> m.equals(method) && p.contains(fragment);
        }

        /** Requests with this HTTP method to exactly this path (any query): one object, not the lists below it. */
        static RequestMatcher exactly(String method, String path) {
            return (m, p) -> m.equals(method) && p.split("\\?", 2)[0].equals(path);
        }

        static RequestMatcher applyTo(String fragment) {
            return of("PATCH", fragment);
        }
    }

    /** An injected answer. Implementations may return any {@link MockResponse}, including a WebSocket upgrade. */
    @FunctionalInterface
    public interface Fault {
        MockResponse respond(RecordedRequest request);

        /** An HTTP error with a Kubernetes Status body. */
        static Fault status(int code) {
            return request -> SimulatedApiServer.statusResponse(code, "InternalError",
                    "injected failure (HTTP " + code + ")", null);
        }

        /** 429 with a Retry-After header and the Status' retryAfterSeconds, as the API server's priority and fairness does. */
        static Fault tooManyRequests(int retryAfterSeconds) {
            return request -> SimulatedApiServer.statusResponse(429, "TooManyRequests",
                            "injected: too many requests, please try again later",
                            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                    .put("retryAfterSeconds", retryAfterSeconds))
                    .setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }

        /**
         * The exchange breaks: the server answers with a garbled status line, so the client's HTTP stack fails at once
         * with an IOException (ProtocolException) and drops the connection, as it would on a reset. Not a TCP reset:
         * the vert.x based mock server offers no way to abort a connection from a dispatcher.
         */
        static Fault dropConnection() {
            return request -> new MockResponse().setResponseCode(1000);
        }
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.shutdown();
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(MockWebServer.class.getName());
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    static String authorizationOf(RecordedRequest request) {
        return request.getHeader("Authorization");
    }
}
