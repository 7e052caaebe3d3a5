package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1 (plain HTTP: with the mock's self-signed TLS, OkHttp opened a new
 * TLS connection for many requests, and tens of milliseconds of handshakes would swamp what the benchmarks measure),
 * with what the rollout tests need on top: pod logs served from a callback (the CRUD store has no log subresource) and
 * fault injection on watches (drop every open watch from the server side, expire them with 410 Gone as an API server
 * does when their resource version has been compacted away, or refuse new ones).
 *
 * <p>What it does not prove: the CRUD store is not an API server (no admission, no real generation bookkeeping beyond
 * what fabric8 emulates, no field selectors beyond metadata.name/namespace), and its watches start at "now" whatever
 * resource version they ask for: a watch re-opened after a drop misses the changes made in between, where a real API
 * server replays them.
 *
 * <p>Use this one for the rollout gate (watch drops, 410 Gone, RBAC refusals, pod logs, with fabric8's default client);
 * use {@link MockCluster} for anything that applies (server-side apply emulation, request counting, per-request faults).
 * kubectl reaches either through {@link KubectlCompatibleCluster}.
 */
public final class CrudServer implements AutoCloseable {

    /** The mock logs every request at INFO; tests only want to hear about problems. Held so the setting is kept. */
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private static final String EXPIRED = "{\"type\":\"ERROR\",\"object\":" + Serialization.asJson(new StatusBuilder()
            .withStatus("Failure").withReason("Expired").withCode(410).withMessage("too old resource version").build())
            + "}";

    private final KubernetesMockServer server;
    private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseWatches;
    private final AtomicInteger watchRequests = new AtomicInteger();
    private final Queue<String> reads = new ConcurrentLinkedQueue<>();
    private final PodLogEndpoint logs = new PodLogEndpoint();
    private volatile String forbiddenPath;
    private volatile String forbiddenMessage;

    public CrudServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(expectations);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new FaultingDispatcher(crud), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    public KubernetesClient client() {
        return server.createClient();
    }

    public String url() {
        return server.url("/");
    }

    /** Serves {@code GET .../pods/{name}/log}: the callback gets the pod name and the decoded query parameters. */
    public void serveLogs(BiFunction<String, Map<String, String>, String> logs) {
        this.logs.serve(logs);
    }

    /** Answers every request whose path starts with {@code pathPrefix} with 403 Forbidden and this message, as RBAC would. */
    public void forbid(String pathPrefix, String message) {
        forbiddenMessage = message;
        forbiddenPath = pathPrefix;
    }

    /** Closes every watch currently open, as an API server does when it restarts or times a watch out. */
    public int dropWatches() {
        List<WebSocket> sockets = new ArrayList<>(openWatches);
        sockets.forEach(s -> s.close(1000, "dropped by test"));
        openWatches.removeAll(sockets);
        return sockets.size();
    }

    /**
     * Ends every open watch as an API server does when the watch's resource version is too old: an ERROR event with a
     * 410 Gone status in the stream, then the close. Clients must re-list.
     */
    public int expireWatches() {
        List<WebSocket> sockets = new ArrayList<>(openWatches);
        sockets.forEach(s -> {
            s.send(EXPIRED);
            s.close(1000, "expired by test");
        });
        openWatches.removeAll(sockets);
        return sockets.size();
    }

    /** While on, every watch request is answered 503, as by an API server (or a proxy) that cannot serve watches. */
    public void refuseWatches(boolean refuse) {
        refuseWatches = refuse;
    }

    public int watchRequests() {
        return watchRequests.get();
    }

    /** How many GET requests other than watches were made of a path (with its query) that matches. */
    public long reads(Predicate<String> path) {
        return reads.stream().filter(path).count();
    }

    /**
     * Live threads of this JVM, less those of the mock API servers running in it: fabric8's mock starts a thread per
     * open watch ({@code pool-N-thread-M}, in its {@code WatchEventsListener}) besides its vert.x threads. No thread of
     * the rollout gate or of a cluster client has such a name.
     */
    public static int threadsOutsideMockServers() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().matches("pool-\\d+-thread-\\d+|vert\\.x-.*|vertx-.*")).count();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private final class FaultingDispatcher extends Dispatcher {
        private final Dispatcher delegate;

        FaultingDispatcher(Dispatcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            String forbidden = forbiddenPath;
            if (forbidden != null && path.startsWith(forbidden)) {
                return new MockResponse().setResponseCode(403).setBody(Serialization.asJson(new StatusBuilder()
                        .withStatus("Failure").withReason("Forbidden").withCode(403).withMessage(forbiddenMessage).build()));
            }
            MockResponse log = logs.answer(request.getMethod(), path);
            if (log != null) {
                return log;
            }
            boolean watch = path.contains("watch=true");
            if (!watch) {
                if ("GET".equals(request.getMethod())) {
                    reads.add(path);
                }
                return delegate.dispatch(request);
            }
            watchRequests.incrementAndGet();
            if (refuseWatches) {
                return new MockResponse().setResponseCode(503).setBody(Serialization.asJson(new StatusBuilder()
                        .withStatus("Failure").withReason("ServiceUnavailable").withCode(503)
                        .withMessage("watches refused by test").build()));
            }
            MockResponse response = delegate.dispatch(request);
            WebSocketListener listener = response.getWebSocketListener();
            return listener == null ? response : response.withWebSocketUpgrade(new Tracking(listener));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** Remembers open watch sockets so the test can close them from the server side. */
    private final class Tracking extends WebSocketListener {
        private final WebSocketListener delegate;

        Tracking(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            openWatches.add(webSocket);
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            openWatches.remove(webSocket);
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            openWatches.remove(webSocket);
            delegate.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            openWatches.remove(webSocket);
            delegate.onFailure(webSocket, t, response);
        }
    }
}
