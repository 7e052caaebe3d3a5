package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Compile-only copy of the credentials plugin's {@code IdCredentials}. */
public interface IdCredentials extends Credentials {
    String getId();
}
