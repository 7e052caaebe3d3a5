package org.jenkinsci.plugins.kubernetes.credentials;

import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Compile-only copy of kubernetes-credentials' {@code FileSystemServiceAccountCredential}: the service account of
 * the pod Jenkins runs in. Only its type matters to the plugin; there is no instance here.
 */
public class FileSystemServiceAccountCredential implements TokenProducer, StringCredentials {
    private static final long serialVersionUID = 1L;

    private FileSystemServiceAccountCredential() {}

    @Override
    public String getToken(String serviceAddress, String caCertData, boolean skipTlsVerify) {
        throw new UnsupportedOperationException("reads the pod's service account token in real Jenkins");
    }

    @Override
    public Secret getSecret() {
        throw new UnsupportedOperationException("reads the pod's service account token in real Jenkins");
    }

    @Override
    public String getId() {
        throw new UnsupportedOperationException("no instance without Jenkins");
    }

    @Override
    public String getDescription() {
        throw new UnsupportedOperationException("no instance without Jenkins");
    }
}
