package com.cloudbees.plugins.credentials.common;

/** Compile-only copy of the credentials plugin's {@code StandardCertificateCredentials}. */
public interface StandardCertificateCredentials extends StandardCredentials, CertificateCredentials {}
