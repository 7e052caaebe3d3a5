package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** Compile-only copy of plain-credentials' {@code StringCredentials}: secret text. */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
