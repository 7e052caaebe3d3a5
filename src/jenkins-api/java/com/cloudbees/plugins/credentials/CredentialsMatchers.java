package com.cloudbees.plugins.credentials;

/** Compile-only copy of the credentials plugin's {@code CredentialsMatchers}. */
public class CredentialsMatchers {
    private CredentialsMatchers() {}

    public static CredentialsMatcher instanceOf(Class clazz) {
        return clazz::isInstance;
    }

    public static CredentialsMatcher withId(String id) {
        return c -> c instanceof com.cloudbees.plugins.credentials.common.IdCredentials i && id.equals(i.getId());
    }

    public static CredentialsMatcher allOf(CredentialsMatcher... matchers) {
        return c -> {
            for (CredentialsMatcher m : matchers) {
                if (!m.matches(c)) {
                    return false;
                }
            }
            return true;
        };
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        return c -> {
            for (CredentialsMatcher m : matchers) {
                if (m.matches(c)) {
                    return true;
                }
            }
            return false;
        };
    }
}
