package com.cloudbees.plugins.credentials.common;

/** Compile-only copy of the credentials plugin's {@code StandardCredentials}. */
public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
