package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each supported Jenkins credential becomes the right cluster connection; parsing runs for real. */
class CredentialsMappingTest {
    static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                server: https://127.0.0.1:6443
              name: dev
            users:
            - name: ci
              user:
                token: kubeconfig-canary-token-123
            contexts:
            - context: {cluster: dev, user: ci}
              name: dev
            current-context: dev
            """;

    @Test
    void noCredentialMeansTheInClusterServiceAccount() throws IOException {
        assertThat(ClusterCredentialsMapper.map(null, null, null)).isInstanceOf(ClusterCredentials.InCluster.class);
    }

    @Test
    void secretFileIsAKubeconfigWithTheChosenContext() throws IOException {
        ClusterCredentials c = ClusterCredentialsMapper.map(new FakeCredentials.SecretFile("k", KUBECONFIG), null, "dev");
        assertThat(c).isEqualTo(new ClusterCredentials.Kubeconfig(KUBECONFIG, "dev"));
        assertThat(c.toString()).doesNotContain("canary");
    }

    @Test
    void secretTextHoldingAKubeconfigIsAKubeconfig() throws IOException {
        assertThat(ClusterCredentialsMapper.map(new FakeCredentials.SecretText("k", KUBECONFIG), null, null))
                .isEqualTo(new ClusterCredentials.Kubeconfig(KUBECONFIG, null));
    }

    @Test
    void secretTextHoldingATokenNeedsTheServer() throws IOException {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl";
        assertThat(ClusterCredentialsMapper.map(new FakeCredentials.SecretText("t", jwt + "\n"), "https://k8s:6443", null))
                .isEqualTo(new ClusterCredentials.Token("https://k8s:6443", jwt, null, false));
        assertThatThrownBy(() -> ClusterCredentialsMapper.map(new FakeCredentials.SecretText("t", jwt), null, null))
                .hasMessageContaining("serverUrl").hasMessageNotContaining(jwt);
    }

    @Test
    void secretTextThatIsNeitherIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> ClusterCredentialsMapper.map(
                new FakeCredentials.SecretText("x", "some words\nthat are secret"), "https://k8s", null))
                .hasMessageContaining("neither a kubeconfig nor a bearer token").hasMessageNotContaining("secret\n");
    }

    @Test
    void tokenProducersAreAskedForTheirToken() throws IOException {
        assertThat(ClusterCredentialsMapper.map(new FakeCredentials.OpenShiftToken("o", "sha256~tok"), "https://api:6443", null))
                .isEqualTo(new ClusterCredentials.Token("https://api:6443", "sha256~tok", null, false));
    }

    @Test
    void usernamePasswordAloneCannotReachACluster() {
        assertThatThrownBy(() -> ClusterCredentialsMapper.map(
                new FakeCredentials.UsernamePassword("u", "me", "pw"), "https://k8s", null))
                .hasMessageContaining("cannot reach a Kubernetes cluster");
    }

    @Test
    void certificateKeystoreBecomesPemCertificateAndKey(@TempDir Path dir) throws Exception {
        KeyStore ks = keystore(dir, "changeit");
        ClusterCredentials c = ClusterCredentialsMapper.map(new FakeCredentials.Certificate("c", ks, "changeit"),
                "https://k8s:6443", null);
        assertThat(c).isInstanceOf(ClusterCredentials.ClientCertificate.class);
        var cert = (ClusterCredentials.ClientCertificate) c;
        assertThat(cert.serverUrl()).isEqualTo("https://k8s:6443");
        assertThat(cert.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.certificatePem().getBytes()));
        assertThat(parsed.getSubjectX500Principal().getName()).contains("CN=jenkins-ci");
        String body = cert.keyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertThat(Base64.getDecoder().decode(body)).isEqualTo(ks.getKey("ci", "changeit".toCharArray()).getEncoded());
    }

    @Test
    void wrongKeystorePasswordIsSaidPlainly(@TempDir Path dir) throws Exception {
        KeyStore ks = keystore(dir, "changeit");
        assertThatThrownBy(() -> ClusterCredentialsMapper.map(new FakeCredentials.Certificate("c", ks, "wrong"),
                "https://k8s:6443", null)).hasMessageContaining("cannot read the client certificate");
    }

    @Test
    void kubeconfigSecretsAreFoundForMasking() {
        assertThat(KubeconfigText.secretValues(KUBECONFIG)).containsExactly("kubeconfig-canary-token-123");
        assertThat(KubeconfigText.isKubeconfig("abc.def.ghi")).isFalse();
        assertThat(KubeconfigText.isToken("abc def")).isFalse();
    }

    /** A PKCS#12 keystore made by the JDK's keytool (test-only process; the plugin never starts one). */
    static KeyStore keystore(Path dir, String password) throws Exception {
        Path file = dir.resolve("client.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ci", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=jenkins-ci",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password,
                "-keypass", password).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }
}
