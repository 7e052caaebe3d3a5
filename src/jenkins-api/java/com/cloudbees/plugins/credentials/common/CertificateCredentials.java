package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import java.security.KeyStore;

/** Compile-only copy of the credentials plugin's {@code CertificateCredentials}: a keystore and its password. */
public interface CertificateCredentials extends Credentials, PasswordCredentials {
    KeyStore getKeyStore();
}
