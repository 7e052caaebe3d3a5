package io.jenkins.plugins.optadeploy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-memory registry on 127.0.0.1 that speaks enough of the distribution API for a push (no auth, blobs and
 * manifests kept in memory), with one chosen fault: the misbehaving servers a push must not be fooled or held by.
 */
public final class FakeRegistry implements AutoCloseable {
    public enum Fault {
        /** Behaves. */
        NONE,
        /** Answers {@code 200 text/html} with a small page to every request, as a web server or captive portal does. */
        OK_TO_EVERYTHING,
        /** Stores what it gets but names every pushed manifest by a digest that is not its content's. */
        WRONG_DIGEST,
        /** Reads {@value #CUT_AFTER} bytes of each blob upload's body, then drops the connection. */
        CUT_UPLOADS,
        /** Sends manifests one byte a second. */
        TRICKLE,
        /** Takes in uploads slowly but steadily, {@value #SLOW_CHUNK} bytes every 100 ms: slow is not stalled. */
        SLOW_UPLOADS
    }

    public static final int SLOW_CHUNK = 64 * 1024;

    public static final int CUT_AFTER = 64 * 1024;
    private static final Pattern ROUTE = Pattern.compile("/v2/(.+)/(blobs/uploads|blobs|manifests|tags)/?(.*)");
    private static final String HTML = "<html><body><h1>Welcome</h1></body></html>";
    private static final String WRONG = "sha256:" + "0".repeat(64);

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Fault fault;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private record Manifest(byte[] content, String mediaType, String digest) {}

    public FakeRegistry(Fault fault) throws IOException {
        this.fault = fault;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests answered or cut so far. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (fault == Fault.OK_TO_EVERYTHING) {
                exchange.getRequestBody().readAllBytes();
                send(exchange, 200, "text/html", HTML.getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v2/") || path.equals("/v2")) {
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            Matcher route = ROUTE.matcher(path);
            if (!route.matches()) {
                send(exchange, 404, "application/json", error("NAME_UNKNOWN"), Map.of());
                return;
            }
            String repository = route.group(1);
            String rest = route.group(3);
            switch (route.group(2)) {
                case "blobs/uploads" -> upload(exchange, repository, rest);
                case "blobs" -> blob(exchange, rest);
                case "manifests" -> manifest(exchange, repository, rest);
                default -> send(exchange, 404, "application/json", error("NAME_UNKNOWN"), Map.of());
            }
        }
    }

    private void upload(HttpExchange exchange, String repository, String id) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("POST")) {
            exchange.getRequestBody().readAllBytes();
            String session = UUID.randomUUID().toString();
            uploads.put(session, new ByteArrayOutputStream());
            send(exchange, 202, null, new byte[0],
                    Map.of("Location", "/v2/" + repository + "/blobs/uploads/" + session, "Range", "0-0"));
            return;
        }
        ByteArrayOutputStream upload = uploads.get(id);
        if (upload == null) {
            send(exchange, 404, "application/json", error("BLOB_UPLOAD_UNKNOWN"), Map.of());
            return;
        }
        InputStream body = exchange.getRequestBody();
        if (fault == Fault.CUT_UPLOADS) {
            body.readNBytes(CUT_AFTER);
            // an exception out of the handler makes the server drop the connection without an answer
            throw new IOException("cut on purpose");
        }
        if (fault == Fault.SLOW_UPLOADS) {
            readSlowly(body, upload);
        }
        synchronized (upload) {
            body.transferTo(upload);
        }
        if (method.equals("PATCH")) {
            send(exchange, 202, null, new byte[0], Map.of("Location", "/v2/" + repository + "/blobs/uploads/" + id,
                    "Range", "0-" + Math.max(0, upload.size() - 1)));
            return;
        }
        String digest = query(exchange.getRequestURI(), "digest");
        byte[] content = upload.toByteArray();
        if (digest == null || !digest.equals(TestImages.sha256(content))) {
            send(exchange, 400, "application/json", error("DIGEST_INVALID"), Map.of());
            return;
        }
        uploads.remove(id);
        blobs.put(digest, content);
        send(exchange, 201, null, new byte[0],
                Map.of("Location", "/v2/" + repository + "/blobs/" + digest, "Docker-Content-Digest", digest));
    }

    private static void readSlowly(InputStream body, ByteArrayOutputStream upload) throws IOException {
        try {
            for (byte[] chunk = body.readNBytes(SLOW_CHUNK); chunk.length > 0; chunk = body.readNBytes(SLOW_CHUNK)) {
                synchronized (upload) {
                    upload.write(chunk);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void blob(HttpExchange exchange, String digest) throws IOException {
        byte[] content = blobs.get(digest);
        if (content == null) {
            send(exchange, 404, "application/json", error("BLOB_UNKNOWN"), Map.of());
            return;
        }
        send(exchange, 200, "application/octet-stream", content, Map.of("Docker-Content-Digest", digest));
    }

    private void manifest(HttpExchange exchange, String repository, String reference) throws IOException {
        if (exchange.getRequestMethod().equals("PUT")) {
            byte[] content = exchange.getRequestBody().readAllBytes();
            String digest = TestImages.sha256(content);
            String named = fault == Fault.WRONG_DIGEST ? WRONG : digest;
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            Manifest manifest = new Manifest(content, type, named);
            manifests.put(repository + ":" + reference, manifest);
            manifests.put(repository + ":" + digest, manifest);
            send(exchange, 201, null, new byte[0],
                    Map.of("Location", "/v2/" + repository + "/manifests/" + digest, "Docker-Content-Digest", named));
            return;
        }
        Manifest manifest = manifests.get(repository + ":" + reference);
        if (manifest == null) {
            send(exchange, 404, "application/json", error("MANIFEST_UNKNOWN"), Map.of());
            return;
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", manifest.digest());
        if (fault != Fault.TRICKLE || exchange.getRequestMethod().equals("HEAD")) {
            send(exchange, 200, manifest.mediaType(), manifest.content(), Map.of());
            return;
        }
        trickle(exchange, manifest.mediaType(), manifest.content());
    }

    private static void trickle(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        try {
            for (byte b : body) {
                out.write(b);
                out.flush();
                TimeUnit.SECONDS.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        }
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] error(String code) {
        return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code.toLowerCase() + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String query(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while stopping the fake registry", e));
        }
    }
}
