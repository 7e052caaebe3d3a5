package io.jenkins.plugins.optadeploy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on 127.0.0.1 in front of a test server that answers chosen requests with an error instead of
 * forwarding them, to test retries and failure messages against a real registry behind it.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS =
            Set.of("connection", "content-length", "host", "transfer-encoding", "expect", "upgrade");

    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final HttpServer server;
    /** The address clients use: answers TLS hellos with 400 at once, as Go's HTTP servers do, and relays the rest. */
    private final ServerSocket front;
    private final ExecutorService relays = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String upstream;
    private final Predicate<String> faulty;
    private final int status;
    private final AtomicInteger faultsLeft;
    private final AtomicInteger faultsServed = new AtomicInteger();

    /**
     * @param upstream {@code host:port} of the real server
     * @param faulty which requests ({@code "METHOD /path"}) fail
     * @param status the status they get
     * @param times how many of them fail before requests pass again ({@link Integer#MAX_VALUE}: all)
     */
    public FaultInjectingProxy(String upstream, Predicate<String> faulty, int status, int times) throws IOException {
        this.upstream = upstream;
        this.faulty = faulty;
        this.status = status;
        this.faultsLeft = new AtomicInteger(times);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        relays.submit(this::accept);
    }

    public String address() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    private void accept() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                relays.submit(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first == TLS_HANDSHAKE_RECORD || first < 0) {
                client.getOutputStream().write(
                        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket back = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
                back.getOutputStream().write(first);
                Future<?> upstreamCopy = relays.submit(() -> copy(in, back));
                copy(back.getInputStream(), client);
                upstreamCopy.cancel(true);
            }
        } catch (IOException ignored) {
            // a side hung up
        }
    }

    private static Void copy(InputStream from, Socket to) throws IOException {
        try {
            from.transferTo(to.getOutputStream());
        } finally {
            to.shutdownOutput();
        }
        return null;
    }

    public int faultsServed() {
        return faultsServed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            if (faulty.test(request) && faultsLeft.getAndDecrement() > 0) {
                faultsServed.incrementAndGet();
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            forward(exchange);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + upstream + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_HEADERS.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.equals(":status")) {
                // upload locations point at the upstream; send the client back through the proxy
                values.forEach(value -> exchange.getResponseHeaders().add(name, value.replace(upstream, address())));
            }
        });
        byte[] responseBody = response.body();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.statusCode(), head || responseBody.length == 0 ? -1 : responseBody.length);
        if (!head && responseBody.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        }
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException ignored) {
            // already closed
        }
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        relays.shutdownNow();
    }
}
