package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.MockCluster.Fault;
import io.jenkins.plugins.optadeploy.testing.MockCluster.RequestMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ClusterConnectorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ClusterConnector connector = new ClusterConnector(Map.of(), Path.of("/nonexistent"), "https");

    /** A certificate and its key in PEM (the pair the HTTPS mock server generates; any valid pair would do). */
    private static final String[] TLS_PAIR = certificateAndKey();
    private static final String TLS_CA = TLS_PAIR[0];

    private static String[] certificateAndKey() {
        try (MockCluster tls = MockCluster.startHttps()) {
            var cert = tls.server().getSelfSignedCertificate();
            return new String[] {Files.readString(Path.of(cert.certificatePath())),
                    Files.readString(Path.of(cert.privateKeyPath()))};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kubeconfig(String mockUrl, String token) {
        return """
                apiVersion: v1
                kind: Config
                current-context: prod
                clusters:
                - name: prod
                  cluster:
                    server: https://prod.invalid:6443
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: prod
                  context: {cluster: prod, user: prod-user}
                - name: mock
                  context: {cluster: mock, user: mock-user, namespace: team}
                users:
                - name: prod-user
                  user: {token: prod-token}
                - name: mock-user
                  user: {token: %s}
                """.formatted(mockUrl, token);
    }

    private static String lastAuthorization(MockCluster cluster) {
        var requests = cluster.requests();
        return requests.get(requests.size() - 1).authorization();
    }

    @Test
    void kubeconfigTextWithItsNamedContext() {
        try (MockCluster cluster = MockCluster.start();
                KubernetesClient client = connector.connect(
                        new ClusterCredentials.Kubeconfig(kubeconfig(cluster.url(), "kubeconfig-token-1"), "mock"),
                        TIMEOUT)) {
            assertThat(client.getMasterUrl().toString()).isEqualTo(cluster.url());
            assertThat(client.namespaces().list().getItems()).isEmpty();
            assertThat(lastAuthorization(cluster)).isEqualTo("Bearer kubeconfig-token-1");
        }
    }

    @Test
    void aMissingContextIsRefusedInsteadOfFallingBackToTheCurrentOne() {
        ClusterConnectionException failure = catchThrowableOfType(ClusterConnectionException.class,
                () -> connector.connect(new ClusterCredentials.Kubeconfig(kubeconfig("http://127.0.0.1:1",
                        "kubeconfig-token-2"), "staging"), TIMEOUT));

        assertThat(failure).hasMessage("The kubeconfig has no context 'staging'; its contexts are [prod, mock].");
    }

    @Test
    void invalidKubeconfigTextIsReportedWithoutQuotingIt() {
        ClusterConnectionException failure = catchThrowableOfType(ClusterConnectionException.class,
                () -> connector.connect(new ClusterCredentials.Kubeconfig("users: [token: {secret-token-3", null),
                        TIMEOUT));

        assertThat(failure.getMessage()).doesNotContain("secret-token-3").contains("not valid kubeconfig YAML");
    }

    @Test
    void tokenWithCaCertificate() {
        try (MockCluster cluster = MockCluster.start();
                KubernetesClient client = connector.connect(
                        new ClusterCredentials.Token(cluster.url(), "token-4", TLS_CA, false), TIMEOUT)) {
            assertThat(client.namespaces().list().getItems()).isEmpty();
            assertThat(lastAuthorization(cluster)).isEqualTo("Bearer token-4");
        }
    }

    /**
     * The mock server's self-signed certificate names {@code localhost} in its subject only (no subjectAltName); the
     * JDK's HTTP client, like a browser of old, then checks the host against the subject's common name. With the CA the
     * chain is trusted and {@code localhost} passes while {@code 127.0.0.1} fails the host check; without the CA the
     * handshake itself fails; with verification off the request goes through.
     */
    @Test
    void theCaCertificateIsWhatTheTlsHandshakeTrusts() throws IOException {
        try (MockCluster cluster = MockCluster.startHttps()) {
            String ca = Files.readString(Path.of(cluster.server().getSelfSignedCertificate().certificatePath()));
            assertThat(cluster.url()).startsWith("https://localhost:");

            try (KubernetesClient client = connector.connect(
                    new ClusterCredentials.Token(cluster.url(), "token-4", ca, false), TIMEOUT)) {
                assertThat(client.namespaces().list().getItems()).isEmpty();
            }
            String byAddress = cluster.url().replace("//localhost:", "//127.0.0.1:");
            assertThat(catchThrowableOfType(ClusterConnectionException.class, () -> connector.connect(
                    new ClusterCredentials.Token(byAddress, "token-4", ca, false), TIMEOUT)))
                    .hasMessageContaining("the server's TLS certificate does not name this host");
            assertThat(catchThrowableOfType(ClusterConnectionException.class, () -> connector.connect(
                    new ClusterCredentials.Token(cluster.url(), "token-4", null, false), TIMEOUT)))
                    .hasMessageContaining("the server's TLS certificate is not trusted");
            try (KubernetesClient client = connector.connect(
                    new ClusterCredentials.Token(cluster.url(), "token-4", null, true), TIMEOUT)) {
                assertThat(client.namespaces().list().getItems()).isEmpty();
            }
        }
    }

    @Test
    void aRejectedTokenIsReportedWithoutPrintingIt() {
        String token = "bogus-token-5";
        try (MockCluster cluster = MockCluster.start()) {
            cluster.failNext(1, RequestMatcher.of("GET", "/version"), Fault.status(401));
            ClusterCredentials credentials = new ClusterCredentials.Token(cluster.url(), token, null, false);

            ClusterConnectionException failure = catchThrowableOfType(ClusterConnectionException.class,
                    () -> connector.connect(credentials, TIMEOUT));

            assertThat(failure.getMessage()).contains("HTTP 401, the credentials were rejected").doesNotContain(token);
            assertThat(credentials.toString()).doesNotContain(token).contains(cluster.url());
            assertThat(lastAuthorization(cluster)).isEqualTo("Bearer " + token);
        }
    }

    @Test
    void anUnreachableServerIsReportedWithoutTheToken() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        ClusterConnectionException failure = catchThrowableOfType(ClusterConnectionException.class,
                () -> connector.connect(new ClusterCredentials.Token("http://127.0.0.1:" + freePort, "token-6", null,
                        false), Duration.ofSeconds(3)));

        assertThat(failure.getMessage()).contains("no answer").contains("check the server URL").doesNotContain("token-6");
    }

    @Test
    void clientCertificateAndKey() {
        try (MockCluster cluster = MockCluster.start()) {
            ClusterCredentials credentials = new ClusterCredentials.ClientCertificate(cluster.url(), TLS_PAIR[0],
                    TLS_PAIR[1], TLS_CA);
            // plain HTTP: this proves the PEM certificate and key load into the client, not mutual TLS
            try (KubernetesClient client = connector.connect(credentials, TIMEOUT)) {
                assertThat(client.namespaces().list().getItems()).isEmpty();
            }
            assertThat(credentials.toString()).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void inClusterServiceAccountReadsTheRotatingTokenForEachRequest(@TempDir Path serviceAccount) throws IOException {
        try (MockCluster cluster = MockCluster.start()) {
            Files.writeString(serviceAccount.resolve("ca.crt"), TLS_CA);
            Files.writeString(serviceAccount.resolve("token"), "sa-token-7\n");
            ClusterConnector inPod = new ClusterConnector(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
                    "KUBERNETES_SERVICE_PORT", String.valueOf(cluster.server().getPort())), serviceAccount, "http");

            try (KubernetesClient client = inPod.connect(new ClusterCredentials.InCluster(), TIMEOUT)) {
                assertThat(lastAuthorization(cluster)).isEqualTo("Bearer sa-token-7");
                Files.writeString(serviceAccount.resolve("token"), "sa-token-8\n");
                client.namespaces().list();
                assertThat(lastAuthorization(cluster)).isEqualTo("Bearer sa-token-8");
            }
        }
    }

    @Test
    void inClusterOutsideAPodSaysSo() {
        ClusterConnectionException failure = catchThrowableOfType(ClusterConnectionException.class,
                () -> connector.connect(new ClusterCredentials.InCluster(), TIMEOUT));

        assertThat(failure).hasMessageContaining("Not running in a Kubernetes pod with a service account");
    }
}
