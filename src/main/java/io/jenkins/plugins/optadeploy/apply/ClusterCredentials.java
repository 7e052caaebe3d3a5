package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to reach and authenticate to a cluster, as resolved by the caller (Jenkins credentials, CLI options). The values
 * live in memory only; {@code toString} never shows a secret, only where it points.
 */
public sealed interface ClusterCredentials extends Serializable {

    /** A kubeconfig's text and the context to use ({@code null}: its current-context). */
    record Kubeconfig(String content, String context) implements ClusterCredentials {
        public Kubeconfig {
            Objects.requireNonNull(content, "kubeconfig content");
        }

        @Override
        public String toString() {
            return "kubeconfig (context " + (context == null ? "<current-context>" : context) + ")";
        }
    }

    /** A bearer token for {@code serverUrl}, trusting {@code caCertificatePem} (or nothing, when skipping TLS checks). */
    record Token(String serverUrl, String token, String caCertificatePem, boolean skipTlsVerify)
            implements ClusterCredentials {
        public Token {
            Objects.requireNonNull(serverUrl, "server URL");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "bearer token for " + serverUrl + (skipTlsVerify ? " (TLS verification off)" : "");
        }
    }

    /** A client certificate and its private key for {@code serverUrl}. */
    record ClientCertificate(String serverUrl, String certificatePem, String keyPem, String caCertificatePem)
            implements ClusterCredentials {
        public ClientCertificate {
            Objects.requireNonNull(serverUrl, "server URL");
            Objects.requireNonNull(certificatePem, "client certificate");
            Objects.requireNonNull(keyPem, "client key");
        }

        @Override
        public String toString() {
            return "client certificate for " + serverUrl;
        }
    }

    /** The service account of the pod this runs in (its mounted token and CA, and KUBERNETES_SERVICE_HOST/PORT). */
    record InCluster() implements ClusterCredentials {
        @Override
        public String toString() {
            return "in-cluster service account";
        }
    }
}
