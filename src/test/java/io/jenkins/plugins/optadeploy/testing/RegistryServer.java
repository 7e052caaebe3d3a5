package io.jenkins.plugins.optadeploy.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A real registry for tests: Debian's {@code docker-registry serve} on 127.0.0.1 at a free port, filesystem storage
 * in the directory the test gives, optionally behind htpasswd basic auth. Use with try-with-resources.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Path EXECUTABLE = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP = Duration.ofSeconds(20);
    // access log: "PUT /v2/<repo>/blobs/uploads/<uuid>?...digest=... HTTP/1.1" 201: one completed blob upload
    private static final Pattern BLOB_UPLOAD = Pattern.compile("\"PUT /v2/\\S+/blobs/uploads/\\S* HTTP/1\\.1\" 201");
    private static final Pattern BLOB_DOWNLOAD = Pattern.compile("\"GET /v2/\\S+/blobs/sha256:\\S+ HTTP/1\\.1\" 200");

    private final Process process;
    private final int port;
    private final Path log;
    private final Path storage;
    private boolean stopped;

    private RegistryServer(Process process, int port, Path log, Path storage) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.storage = storage;
    }

    /** Skips the calling test when the registry is not installed (.ci/run installs it). */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(executable()),
                "docker-registry is not installed (apt-get install docker-registry): skipping registry tests");
    }

    public static RegistryServer start(Path directory) throws IOException {
        return start(directory, null, null);
    }

    /** A registry that accepts only {@code username}/{@code password} (htpasswd, bcrypt cost 4 to keep it fast). */
    public static RegistryServer startWithAuth(Path directory, String username, String password) throws IOException {
        return start(directory, username, password);
    }

    private static RegistryServer start(Path directory, String username, String password) throws IOException {
        assumeInstalled();
        Files.createDirectories(directory);
        int port = freePort();
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: info\n  accesslog:\n    disabled: false\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(directory.resolve("data")).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                .append("  secret: registry-server-for-tests\n");
        if (username != null) {
            Path htpasswd = directory.resolve("htpasswd");
            Files.writeString(htpasswd, username + ":" + BCrypt.hashpw(password, BCrypt.gensalt(4)) + "\n");
            config.append("auth:\n  htpasswd:\n    realm: test-registry\n    path: ").append(htpasswd).append('\n');
        }
        Path configFile = directory.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = directory.resolve("registry.log");
        Process process = new ProcessBuilder(executable().toString(), "serve", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RegistryServer server = new RegistryServer(process, port, log, directory.resolve("data"));
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "docker-registry");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return EXECUTABLE;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (ConnectException | HttpTimeoutException notYet) {
                // still starting, or the machine is too busy to answer within the probe's timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
            sleep(50);
        }
        throw new IOException("docker-registry did not answer /v2/ within " + STARTUP.toSeconds() + " s:\n"
                + logText());
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image names. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Completed blob uploads so far, counted from the registry's own access log (mounts are not uploads). */
    public int blobUploads() throws IOException {
        return count(BLOB_UPLOAD);
    }

    /** Blobs served so far, from the access log. */
    public int blobDownloads() throws IOException {
        return count(BLOB_DOWNLOAD);
    }

    private int count(Pattern pattern) throws IOException {
        Matcher matcher = pattern.matcher(logText());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /**
     * Blob uploads started in a repository and neither committed nor cancelled, from the registry's storage: those
     * still holding data (a cancelled one leaves only its empty hash state directory behind).
     */
    public int uploadsInProgress(String repository) throws IOException {
        Path uploads = storage.resolve("docker/registry/v2/repositories/" + repository + "/_uploads");
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        try (var entries = Files.list(uploads)) {
            return (int) entries.filter(upload -> Files.exists(upload.resolve("data"))).count();
        }
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Freezes the registry process by PID (SIGSTOP): its sockets stay open and its kernel still accepts connections. */
    public void suspend() throws IOException {
        signal("STOP");
    }

    /** Thaws a {@link #suspend suspended} registry (SIGCONT). */
    public void resume() throws IOException {
        signal("CONT");
    }

    /** Kills the registry process by PID (SIGKILL), as a crash or the OOM killer would. */
    public void kill() throws IOException {
        signal("KILL");
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the killed registry", e);
        }
    }

    private void signal(String name) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling the registry", e);
        }
    }

    /** Stops the registry; its storage stays, so a test can observe a registry that went down. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (process.isAlive()) {
            try {
                resume(); // a suspended process would not act on SIGTERM
            } catch (IOException ignored) {
                // destroyForcibly below still ends it
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
