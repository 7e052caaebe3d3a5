package org.jenkinsci.plugins.kubernetes.credentials;

import java.io.IOException;

/** Compile-only copy of kubernetes-credentials' {@code TokenProducer}: a credential that yields a bearer token. */
public interface TokenProducer {
    String getToken(String serviceAddress, String caCertData, boolean skipTlsVerify) throws IOException;
}
