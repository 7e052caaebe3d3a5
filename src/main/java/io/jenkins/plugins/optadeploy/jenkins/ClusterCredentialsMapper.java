package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.jenkinsci.plugins.kubernetes.credentials.FileSystemServiceAccountCredential;
import org.jenkinsci.plugins.kubernetes.credentials.TokenProducer;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns a Jenkins credential into the engine's {@link ClusterCredentials}. Runs on the controller only: cluster
 * credentials never travel to an agent.
 */
final class ClusterCredentialsMapper {
    static final String SUPPORTED = "a kubeconfig (secret file or secret text), a token (secret text or an OpenShift "
            + "bearer token credential), a client certificate, or the pod's service account";

    private ClusterCredentialsMapper() {}

    /** {@code credential} null means no credential configured: the service account of the pod Jenkins runs in. */
    static ClusterCredentials map(StandardCredentials credential, String serverUrl, String context) throws IOException {
        String server = DeployOptions.trimToNull(serverUrl);
        String ctx = DeployOptions.trimToNull(context);
        if (credential == null || credential instanceof FileSystemServiceAccountCredential) {
            return new ClusterCredentials.InCluster();
        }
        String id = credential.getId();
        if (credential instanceof FileCredentials file) {
            try (InputStream in = file.getContent()) {
                return new ClusterCredentials.Kubeconfig(new String(in.readAllBytes(), StandardCharsets.UTF_8), ctx);
            }
        }
        if (credential instanceof TokenProducer producer) {
            requireServer(server, id);
            return new ClusterCredentials.Token(server, producer.getToken(server, null, false), null, false);
        }
        if (credential instanceof StringCredentials text) {
            return fromSecretText(Secret.toString(text.getSecret()), server, ctx, id);
        }
        if (credential instanceof StandardCertificateCredentials cert) {
            requireServer(server, id);
            try {
                KeystorePem pem = KeystorePem.from(cert.getKeyStore(), Secret.toString(cert.getPassword()).toCharArray());
                return new ClusterCredentials.ClientCertificate(server, pem.certificatePem(), pem.keyPem(), null);
            } catch (GeneralSecurityException e) {
                throw new IOException("Credentials '" + id + "': cannot read the client certificate (" + e.getMessage()
                        + "); check the keystore and its password");
            }
        }
        throw new IOException("Credentials '" + id + "' cannot reach a Kubernetes cluster: use " + SUPPORTED);
    }

    static ClusterCredentials fromSecretText(String text, String server, String context, String id) throws IOException {
        if (KubeconfigText.isKubeconfig(text)) {
            return new ClusterCredentials.Kubeconfig(text, context);
        }
        if (KubeconfigText.isToken(text)) {
            requireServer(server, id);
            return new ClusterCredentials.Token(server, text.trim(), null, false);
        }
        throw new IOException("Credentials '" + id + "' hold secret text that is neither a kubeconfig nor a bearer token");
    }

    private static void requireServer(String server, String id) throws IOException {
        if (server == null) {
            throw new IOException("Credentials '" + id + "' hold a token or certificate: also set serverUrl to the "
                    + "Kubernetes API server, for example https://kubernetes.example.com:6443");
        }
    }
}
