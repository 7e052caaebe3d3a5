package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import java.util.List;
import java.util.function.Supplier;
import jenkins.model.Jenkins;

/** Adds the credentials visible in a context to a list box; only ever called after the permission check. */
interface CredentialsLister {
    void addMatching(StandardListBoxModel model, Item item, Class<? extends StandardCredentials> type,
            List<DomainRequirement> requirements, CredentialsMatcher matcher);

    /** Jenkins is the root ItemGroup of the global configuration's listing. */
    CredentialsLister JENKINS = (model, item, type, requirements, matcher) ->
            addAsSystem(model, item, () -> (ItemGroup) Jenkins.get(), type, requirements, matcher);

    /**
     * The credentials consumer guide's listing: as ACL.SYSTEM2 in the item's (or Jenkins') context. includeMatching
     * would search as the user filling the form, and the system store answers only ACL.SYSTEM2, so every system
     * credential would be missing. The guide passes a Queue.Task's own authentication instead; that lookup
     * (Tasks.getAuthenticationOf2) is outside the verified API surface, and without an authorization plugin it is
     * ACL.SYSTEM2 too. Who may see the listing at all is decided before, in DeployForms.
     */
    static void addAsSystem(StandardListBoxModel model, Item item, Supplier<ItemGroup> root,
            Class<? extends StandardCredentials> type, List<DomainRequirement> requirements, CredentialsMatcher matcher) {
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, root.get(), type, requirements, matcher);
        } else {
            model.includeMatchingAs(ACL.SYSTEM2, item, type, requirements, matcher);
        }
    }
}
