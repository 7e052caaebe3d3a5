package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import org.jenkinsci.plugins.kubernetes.credentials.TokenProducer;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Credentials as the credentials plugins' implementations behave, built on the API surface's interfaces. */
final class FakeCredentials {
    private FakeCredentials() {}

    record SecretFile(String id, String content) implements FileCredentials {
        public String getId() { return id; }
        public String getDescription() { return "kubeconfig"; }
        public String getFileName() { return "config"; }
        public InputStream getContent() { return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)); }
    }

    record SecretText(String id, String text) implements StringCredentials {
        public String getId() { return id; }
        public String getDescription() { return "secret text"; }
        public Secret getSecret() { return Secret.fromString(text); }
    }

    record UsernamePassword(String id, String username, String password) implements StandardUsernamePasswordCredentials {
        public String getId() { return id; }
        public String getDescription() { return "registry login"; }
        public String getUsername() { return username; }
        public Secret getPassword() { return Secret.fromString(password); }
    }

    record Certificate(String id, KeyStore keyStore, String password) implements StandardCertificateCredentials {
        public String getId() { return id; }
        public String getDescription() { return "client certificate"; }
        public KeyStore getKeyStore() { return keyStore; }
        public Secret getPassword() { return Secret.fromString(password); }
    }

    /** Like OpenShiftBearerTokenCredentialImpl: a username/password credential that produces a token. */
    record OpenShiftToken(String id, String token) implements StandardUsernamePasswordCredentials, TokenProducer {
        public String getId() { return id; }
        public String getDescription() { return "openshift"; }
        public String getUsername() { return "dev"; }
        public Secret getPassword() { return Secret.fromString("pw-for-oauth"); }
        public String getToken(String serviceAddress, String caCertData, boolean skipTlsVerify) { return token; }
    }
}
