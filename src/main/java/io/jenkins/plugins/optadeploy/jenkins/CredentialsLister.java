package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Item;
import hudson.model.ItemGroup;
import java.util.List;
import jenkins.model.Jenkins;

/** Adds the credentials visible in a context to a list box; only ever called after the permission check. */
interface CredentialsLister {
    void addMatching(StandardListBoxModel model, Item item, Class<? extends StandardCredentials> type,
            List<DomainRequirement> requirements, CredentialsMatcher matcher);

    /**
     * Lists what the user filling the form can see in the item (includeMatching uses the current authentication).
     * The consumer recipe's includeMatchingAs(job authentication or ACL.SYSTEM2, ...) needs Spring Security's
     * Authentication, which is outside the API surface this build verifies; the permission gate in DeployForms is the
     * same either way.
     */
    CredentialsLister JENKINS = (model, item, type, requirements, matcher) -> {
        if (item == null) {
            model.includeMatching((ItemGroup) Jenkins.get(), type, requirements, matcher); // Jenkins is the root ItemGroup
        } else {
            model.includeMatching(item, type, requirements, matcher);
        }
    };
}
