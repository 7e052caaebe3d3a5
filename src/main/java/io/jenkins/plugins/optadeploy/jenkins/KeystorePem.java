package io.jenkins.plugins.optadeploy.jenkins;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/** The client certificate and key of a certificate credential's keystore, as the PEM a Kubernetes client takes. */
record KeystorePem(String certificatePem, String keyPem) {

    static KeystorePem from(KeyStore keyStore, char[] password) throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (!keyStore.isKeyEntry(alias)) {
                continue;
            }
            Key key = keyStore.getKey(alias, password);
            Certificate[] chain = keyStore.getCertificateChain(alias);
            if (key instanceof PrivateKey && chain != null && chain.length > 0) {
                StringBuilder certs = new StringBuilder();
                for (Certificate c : chain) {
                    certs.append(pem("CERTIFICATE", c.getEncoded()));
                }
                // getEncoded() of a PrivateKey is PKCS#8, which Kubernetes clients read for RSA and EC keys alike
                return new KeystorePem(certs.toString(), pem("PRIVATE KEY", key.getEncoded()));
            }
        }
        throw new GeneralSecurityException("the keystore holds no private key with a certificate");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "KeystorePem[certificate]";
    }
}
