package com.cloudbees.plugins.credentials.common;

/** Compile-only copy of the credentials plugin's {@code UsernamePasswordCredentials}. */
public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {}
