package com.cloudbees.plugins.credentials.common;

/** Compile-only copy of the credentials plugin's {@code StandardUsernamePasswordCredentials}. */
public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials, UsernamePasswordCredentials {}
