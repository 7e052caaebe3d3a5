package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import hudson.util.Secret;

/** Compile-only copy of the credentials plugin's {@code PasswordCredentials}. */
public interface PasswordCredentials extends Credentials {
    Secret getPassword();
}
