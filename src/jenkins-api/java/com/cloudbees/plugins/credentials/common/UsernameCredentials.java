package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Compile-only copy of the credentials plugin's {@code UsernameCredentials}. */
public interface UsernameCredentials extends Credentials {
    String getUsername();
}
