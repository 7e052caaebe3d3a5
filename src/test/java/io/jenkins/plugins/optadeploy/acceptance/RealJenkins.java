package io.jenkins.plugins.optadeploy.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real Jenkins in a child process: {@code java -jar jenkins.war} on 127.0.0.1 and a free port, with its own
 * JENKINS_HOME holding the given plugins, no setup wizard and no security (an init script switches it off), spoken
 * to over HTTP as a user's browser or a script would (session cookie and CSRF crumb). Every wait has a deadline.
 */
final class RealJenkins implements AutoCloseable {
    static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path war;
    private final Path home;
    private final int port;
    private final List<Path> logs = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private Process process;

    private RealJenkins(Path war, Path home, int port) {
        this.war = war;
        this.home = home;
        this.port = port;
    }

    /** A fresh JENKINS_HOME with every .hpi/.jpi of {@code pluginDir} and the plugin under test. */
    static RealJenkins prepare(Path war, Path pluginDir, Path pluginUnderTest, Path home) throws IOException {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> files = Files.list(pluginDir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jpi") || f.toString().endsWith(".hpi")).toList()) {
                String name = p.getFileName().toString();
                Files.copy(p, plugins.resolve(name.substring(0, name.length() - 4) + ".jpi"));
            }
        }
        Files.copy(pluginUnderTest, plugins.resolve("opta-deploy.jpi"));
        Path init = Files.createDirectories(home.resolve("init.groovy.d"));
        // a fresh Jenkins without the wizard: no security realm to log in to, two executors on the built-in node
        Files.writeString(init.resolve("acceptance.groovy"), """
                import jenkins.model.Jenkins
                def j = Jenkins.get()
                j.setSecurityRealm(hudson.security.SecurityRealm.NO_AUTHENTICATION)
                j.setAuthorizationStrategy(hudson.security.AuthorizationStrategy.UNSECURED)
                j.setNumExecutors(2)
                j.save()
                """);
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
            return new RealJenkins(war, home, s.getLocalPort());
        }
    }

    Path home() {
        return home;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Starts Jenkins and waits until it serves requests; returns how long that took. */
    Duration start() throws IOException, InterruptedException {
        Instant begun = Instant.now();
        Path log = home.resolveSibling("jenkins-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Djenkins.install.runSetupWizard=false", "-Djava.awt.headless=true",
                "-Dhudson.model.UsageStatistics.disabled=true",
                "-jar", war.toString(), "--httpListenAddress=127.0.0.1", "--httpPort=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JENKINS_HOME", home.toString());
        process = pb.start();
        await("Jenkins to serve requests", START_DEADLINE, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Jenkins exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                return get("api/json").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return Duration.between(begun, Instant.now());
    }

    /** SIGTERM: Jenkins shuts down cleanly (running Pipelines are saved). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("Jenkins did not stop within 2 minutes of SIGTERM");
        }
    }

    /** SIGKILL: a crash; nothing is saved on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Jenkins survived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    /** The console output of every start so far. */
    String log() {
        StringBuilder b = new StringBuilder();
        for (Path p : logs) {
            try {
                b.append(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    /** The output of the current start only. */
    String currentLog() throws IOException {
        return Files.readString(logs.get(logs.size() - 1), StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String getOk(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + "\n" + r.body());
        }
        return r.body();
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return JSON.readTree(getOk(path));
    }

    /** A POST as the UI makes it: with the session's crumb. */
    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        JsonNode crumb = json("crumbIssuer/api/json");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
                .header(crumb.get("crumbRequestField").asText(), crumb.get("crumb").asText())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postOk(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, contentType, body);
        if (r.statusCode() >= 400) {
            throw new IllegalStateException("POST " + path + ": HTTP " + r.statusCode() + "\n" + r.body());
        }
        return r;
    }

    HttpResponse<String> postForm(String path, String... namesAndValues) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return postOk(path, "application/x-www-form-urlencoded", form.toString());
    }

    void createJob(String name, String configXml) throws IOException, InterruptedException {
        postOk("createItem?name=" + name, "application/xml", configXml);
    }

    /** Queues a build and returns its number once it started (number = nextBuildNumber before queueing). */
    int build(String job) throws IOException, InterruptedException {
        int number = json("job/" + job + "/api/json").get("nextBuildNumber").asInt();
        postOk("job/" + job + "/build?delay=0sec", null, "");
        await(job + " #" + number + " to start", Duration.ofMinutes(2),
                () -> get("job/" + job + "/" + number + "/api/json").statusCode() == 200);
        return number;
    }

    /** Waits for the build to end; returns its result (SUCCESS, FAILURE, ABORTED). */
    String awaitResult(String job, int number, Duration deadline) throws IOException, InterruptedException {
        String[] result = new String[1];
        await(job + " #" + number + " to finish", deadline, () -> {
            HttpResponse<String> r = get("job/" + job + "/" + number + "/api/json?tree=building,result");
            if (r.statusCode() != 200) {
                return false;
            }
            JsonNode n = JSON.readTree(r.body());
            if (n.get("building").asBoolean() || n.get("result").isNull()) {
                return false;
            }
            result[0] = n.get("result").asText();
            return true;
        });
        return result[0];
    }

    String console(String job, int number) throws IOException, InterruptedException {
        return getOk("job/" + job + "/" + number + "/consoleText");
    }

    void awaitConsole(String job, int number, String text, Duration deadline) throws IOException, InterruptedException {
        await("'" + text + "' in the console of " + job + " #" + number, deadline, () -> {
            HttpResponse<String> r = get("job/" + job + "/" + number + "/consoleText");
            return r.statusCode() == 200 && r.body().contains(text);
        });
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    static void await(String what, Duration deadline, Check check) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(deadline);
        while (!check.holds()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + deadline.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    static void awaitTrue(String what, Duration deadline, BooleanSupplier check) throws IOException, InterruptedException {
        await(what, deadline, check::getAsBoolean);
    }
}
