package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;

/** How to reach the cluster; resolved by the caller (Jenkins credentials, CLI flags). toString never shows a secret. */
public sealed interface ClusterCredentials extends Serializable {

    record Kubeconfig(String content, String context) implements ClusterCredentials {
        @Override
        public String toString() {
            return "Kubeconfig[context=" + context + "]";
        }
    }

    record Token(String serverUrl, String token, String caCertificatePem, boolean skipTlsVerify) implements ClusterCredentials {
        @Override
        public String toString() {
            return "Token[server=" + serverUrl + "]";
        }
    }

    record ClientCertificate(String serverUrl, String certificatePem, String keyPem, String caCertificatePem)
            implements ClusterCredentials {
        @Override
        public String toString() {
            return "ClientCertificate[server=" + serverUrl + "]";
        }
    }

    record InCluster() implements ClusterCredentials {}
}
