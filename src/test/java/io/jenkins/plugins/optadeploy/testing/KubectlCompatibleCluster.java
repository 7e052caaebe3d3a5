package io.jenkins.plugins.optadeploy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A plain-HTTP front for a fabric8 mock API server (http or https upstream) that kubectl can talk to. It answers the discovery documents itself
 * ({@link ApiDiscovery}), turns kubectl's HTTP watches ({@code ?watch=true}, one JSON event per line on a chunked
 * response) into the WebSocket watches the mock serves, 404s OpenAPI (use {@code --validate=false}), and forwards every
 * other request unchanged. Whatever the mock does not prove (server-side apply semantics, admission, defaulting) stays
 * unproven for kubectl too, so a comparison between kubectl and opta-deploy on this server is like for like.
 */
public final class KubectlCompatibleCluster implements AutoCloseable {
    private static final Set<String> FORWARDED_HEADERS = Set.of("content-type", "accept", "authorization");
    private static final Pattern TIMEOUT_SECONDS = Pattern.compile("(?:^|&)timeoutSeconds=(\\d+)");
    /** How often an idle watch writes a blank line: the only way to notice that kubectl went away. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    static {
        // The JDK server writes headers and body in separate segments; with Nagle's algorithm on, each response then
        // waits for the client's delayed ACK (about 40 ms). Read once, when the first HttpServer is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ApiDiscovery discovery;

    private KubectlCompatibleCluster(URI upstream) throws IOException {
        if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("the upstream mock must serve http or https: " + upstream);
        }
        this.upstream = upstream;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "kubectl-front");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5))
                .sslContext(trustingEverything()).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.discovery = new ApiDiscovery("127.0.0.1:" + server.getAddress().getPort());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a front on 127.0.0.1 (a free port) for the mock server at {@code upstream} ({@code http://host:port}). */
    public static KubectlCompatibleCluster inFrontOf(URI upstream) {
        try {
            return new KubectlCompatibleCluster(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL kubectl should use, {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Writes a kubeconfig for this server (context {@code mock}, namespace {@code default}) and returns its path. */
    public Path writeKubeconfig(Path directory) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                users:
                - name: mock
                  user: {}
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                    namespace: default
                current-context: mock
                """.formatted(url());
        try {
            Path file = Files.createTempFile(directory, "kubeconfig", ".yaml");
            Files.writeString(file, kubeconfig);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            var document = "GET".equals(exchange.getRequestMethod()) ? discovery.document(path) : Optional.<String>empty();
            if (document.isPresent()) {
                respond(exchange, 200, document.get().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/openapi/")) {
                respond(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}"
                        .getBytes(StandardCharsets.UTF_8));
            } else if (query != null && (query.contains("watch=true") || query.contains("watch=1"))) {
                relayWatch(exchange, path, query);
            } else {
                forward(exchange, path, query);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, String path, String query) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(path + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (FORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().firstValue("content-type")
                .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        respond(exchange, response.statusCode(), response.body());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** One upstream WebSocket watch per HTTP watch; each event frame becomes one line of the chunked response. */
    private void relayWatch(HttpExchange exchange, String path, String query) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        WebSocket.Listener relay = new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    String event = frame.toString().strip() + "\n";
                    frame.setLength(0);
                    if (!write(out, event)) {
                        ended.complete(null);
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                ended.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                ended.complete(null);
            }
        };
        String scheme = "https".equals(upstream.getScheme()) ? "wss://" : "ws://";
        URI watch = URI.create(scheme + upstream.getRawAuthority() + path + "?" + query);
        WebSocket socket;
        try {
            socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(watch, relay).join();
        } catch (RuntimeException e) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds(query));
        try {
            while (!ended.isDone() && System.nanoTime() < deadline) {
                try {
                    ended.get(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException idle) {
                    if (!write(out, "\n")) {
                        break;
                    }
                } catch (ExecutionException impossible) {
                    break;
                }
            }
        } finally {
            socket.abort();
        }
    }

    /** The mocks serve self-signed certificates for localhost; this front only ever talks to its own upstream mock. */
    private static SSLContext trustingEverything() {
        X509ExtendedTrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean write(OutputStream out, String text) {
        synchronized (out) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException gone) {
                return false;
            }
        }
    }

    private static long timeoutSeconds(String query) {
        Matcher matcher = TIMEOUT_SECONDS.matcher(query);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : TimeUnit.HOURS.toSeconds(1);
    }
}
