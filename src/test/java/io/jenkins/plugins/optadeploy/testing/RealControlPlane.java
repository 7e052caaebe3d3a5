package io.jenkins.plugins.optadeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager (deployment, replica-set,
 * garbage-collector, namespace and service-account controllers) built by {@code tools/controlplane/build.sh} and run
 * by its {@code kcp} launcher on free ports of 127.0.0.1, with a fresh CA, mutual TLS for the admin and RBAC.
 *
 * <p>One per JVM, started on first use and stopped by PID when the JVM exits; there is no kubelet and no scheduler
 * (see {@link KubeletSimulator}). Where the binaries cannot be had (no {@code -Dopta.controlplane.bin}, no Go to build
 * them) {@link #shared()} aborts the calling test with the reason, so it is reported as skipped, never as passed;
 * binaries that are there but do not start fail it.
 *
 * <p>From a Java main (a benchmark): {@code RealControlPlane.start(binDir)} returns a started one; {@link #close()}
 * stops it.
 */
public final class RealControlPlane implements AutoCloseable {
    public static final String BIN_PROPERTY = "opta.controlplane.bin";
    /** Set by {@code .ci/run} when it could not build the binaries: the reason the tests are skipped. */
    public static final String UNAVAILABLE_PROPERTY = "opta.controlplane.unavailable";
    /** The node pods are bound to; Ready, so nothing evicts them. */
    public static final String NODE = "sim-node";
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Pattern SERVER = Pattern.compile("server: (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RealControlPlane shared;
    private static String unavailable;
    private static IllegalStateException broken;

    private final Process process;
    private final Path dir;
    private final String kubeconfig;
    private final String server;
    private final String etcd;
    private final KubernetesClient admin;

    private RealControlPlane(Process process, Path dir, String kubeconfig, String etcd) {
        this.process = process;
        this.dir = dir;
        this.kubeconfig = kubeconfig;
        this.etcd = etcd;
        Matcher matcher = SERVER.matcher(kubeconfig);
        this.server = matcher.find() ? matcher.group(1) : null;
        this.admin = client(kubeconfig);
    }

    /** The control plane of this JVM, started on first call; aborts the test (skipped) when it cannot run here. */
    public static RealControlPlane shared() {
        String reason = whyUnavailable();
        Assumptions.assumeTrue(reason == null, () -> "no real Kubernetes control plane: " + reason);
        return shared;
    }

    /** Starts the shared control plane if need be; why it cannot run here, or null when it runs. */
    public static synchronized String whyUnavailable() {
        if (shared == null && unavailable == null && broken == null) {
            try {
                shared = start(binDirectory());
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-control-plane"));
            } catch (Unavailable e) {
                unavailable = e.getMessage();
                System.err.println("the real-cluster tests are skipped: " + unavailable);
            } catch (IllegalStateException e) {
                broken = e;
            }
        }
        if (broken != null) {
            throw broken;
        }
        return unavailable;
    }

    /** Starts etcd, kube-apiserver and kube-controller-manager from {@code bin} and waits until they serve. */
    public static RealControlPlane start(Path bin) throws Unavailable {
        Path kcp = bin.resolve("kcp");
        if (!Files.isExecutable(kcp)) {
            throw new Unavailable(kcp + " is missing: run tools/controlplane/build.sh");
        }
        Path dir;
        Process process;
        try {
            dir = Files.createTempDirectory("opta-kcp-");
            process = new ProcessBuilder(kcp.toString(), "-bin", bin.toString(), "-dir", dir.toString())
                    .redirectError(dir.resolve("kcp.log").toFile()).start();
        } catch (IOException e) {
            throw new Unavailable("cannot start " + kcp + ": " + e.getMessage());
        }
        CompletableFuture<List<String>> ready = CompletableFuture.supplyAsync(() -> readUntilReady(process));
        try {
            List<String> lines = ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
            String kubeconfig = Files.readString(Path.of(value(lines, "kubeconfig")));
            RealControlPlane plane = new RealControlPlane(process, dir, kubeconfig, value(lines, "etcd"));
            plane.createReadyNode();
            return plane;
        } catch (Exception e) {
            String log = tail(dir.resolve("kcp.log"));
            stop(process);
            deleteTree(dir);
            throw new IllegalStateException("the control plane did not start within " + START_LIMIT.toSeconds()
                    + " s (" + e.getMessage() + "); kcp said:\n" + log, e);
        }
    }

    /** The admin kubeconfig (client certificate of group system:masters, everything inline). */
    public String kubeconfig() {
        return kubeconfig;
    }

    /** The admin kubeconfig as a file, for kubectl and the CLI. */
    public Path kubeconfigFile() {
        return dir.resolve("admin.kubeconfig");
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String server() {
        return server;
    }

    /** An admin client shared by the tests of this JVM: do not close it. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A new admin client; the caller closes it. */
    public KubernetesClient newAdminClient() {
        return client(kubeconfig);
    }

    /** The kubeconfig with the server address replaced, for a proxy in front of the API server. */
    public String kubeconfigVia(String otherServer) {
        return kubeconfig.replace("server: " + server, "server: " + otherServer);
    }

    /**
     * A kubeconfig whose only rights are {@code rules} in {@code namespace}: the token of a new service account
     * {@code name} (minted by TokenRequest, valid one hour), bound to a Role with those rules.
     */
    public String restrictedKubeconfig(String name, String namespace, List<PolicyRule> rules) {
        ensureNamespace(namespace);
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(name).endMetadata().build()).serverSideApply();
        admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(name)
                .endMetadata().withRules(rules).build()).serverSideApply();
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
                .build()).serverSideApply();
        String token = admin.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(
                new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        String ca = Base64.getEncoder().encodeToString(read(dir.resolve("pki/ca.crt")).getBytes(StandardCharsets.UTF_8));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kcp
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: kcp
                  context:
                    cluster: kcp
                    user: %s
                    namespace: %s
                current-context: kcp
                """.formatted(server, ca, name, token, name, namespace);
    }

    public void ensureNamespace(String namespace) {
        if (admin.namespaces().withName(namespace).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
    }

    /** Compacts etcd up to its current revision: every older resource version is gone (a watch from one gets 410). */
    public void compact() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String range = post(http, "/v3/kv/range", "{\"key\":\"" + Base64.getEncoder().encodeToString(
                "/registry".getBytes(StandardCharsets.UTF_8)) + "\"}");
        Matcher revision = Pattern.compile("\"revision\":\"?(\\d+)").matcher(range);
        if (!revision.find()) {
            throw new IOException("etcd gave no revision: " + range);
        }
        post(http, "/v3/kv/compaction", "{\"revision\":\"" + revision.group(1) + "\",\"physical\":true}");
    }

    /** A list or watch of pods, Deployments or ReplicaSets, as the API server's audit log recorded it. */
    public record AuditedRequest(String verb, String requestUri, String userAgent) {
    }

    /** Every list and watch of pods, Deployments and ReplicaSets so far, in the order the server received them. */
    public List<AuditedRequest> listsAndWatches() throws IOException {
        List<AuditedRequest> requests = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("audit.log"))) {
            JsonNode event = JSON.readTree(line);
            if (seen.add(event.path("auditID").asText())) {
                requests.add(new AuditedRequest(event.path("verb").asText(), event.path("requestURI").asText(),
                        event.path("userAgent").asText()));
            }
        }
        return requests;
    }

    @Override
    public void close() {
        admin.close();
        stop(process);
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }

    private String post(HttpClient http, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(etcd + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("etcd " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** The pods' node: the API server checks nothing about it, but a Ready node is what a real cluster would show. */
    private void createReadyNode() {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        admin.nodes().withName(NODE).editStatus(node -> new NodeBuilder(node).editOrNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("simulated kubelet").endCondition().endStatus().build());
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static List<String> readUntilReady(Process process) {
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (line.equals("ready")) {
                    return lines;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("kcp exited (" + waitExit(process) + ")");
    }

    private static String waitExit(Process process) {
        try {
            return "exit code " + process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new IllegalStateException("kcp printed no " + key));
    }

    private static KubernetesClient client(String kubeconfig) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    }

    /**
     * The bin directory: {@code -Dopta.controlplane.bin}, {@code $OPTA_CONTROLPLANE_BIN}, else what build.sh builds
     * (in seconds when cached; Go and the module proxy otherwise). {@code -Dopta.controlplane.unavailable} says why not.
     */
    private static Path binDirectory() throws Unavailable {
        String reason = System.getProperty(UNAVAILABLE_PROPERTY, "");
        if (!reason.isBlank()) {
            throw new Unavailable(reason);
        }
        String configured = System.getProperty(BIN_PROPERTY, "");
        if (configured.isBlank()) {
            configured = System.getenv().getOrDefault("OPTA_CONTROLPLANE_BIN", "");
        }
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path script = Path.of("tools/controlplane/build.sh").toAbsolutePath();
        if (!Files.isExecutable(script)) {
            throw new Unavailable("-D" + BIN_PROPERTY + " is not set and " + script + " is missing");
        }
        try {
            Process build = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (build.waitFor() != 0) {
                throw new Unavailable(script + " failed (exit " + build.exitValue() + "; Go or the module proxy"
                        + " missing?): set -D" + BIN_PROPERTY + " to a directory holding the binaries");
            }
            return Path.of(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new Unavailable("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while building the control plane");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Why the control plane cannot run on this machine. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
