package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Run;
import hudson.security.Permission;
import java.util.List;

/**
 * Compile-only copy of the members of the credentials plugin's {@code CredentialsProvider} the plugin uses. There are
 * no credential stores here: lookups find nothing.
 */
public abstract class CredentialsProvider {
    public static final Permission USE_ITEM = null;

    private CredentialsProvider() {}

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            List<DomainRequirement> domainRequirements) {
        return null;
    }

    public static <C extends Credentials> C track(Run build, C credentials) {
        return credentials;
    }
}
