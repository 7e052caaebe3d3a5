package com.cloudbees.plugins.credentials.common;

/** Compile-only copy of the credentials plugin's {@code StandardUsernameCredentials}. */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {}
