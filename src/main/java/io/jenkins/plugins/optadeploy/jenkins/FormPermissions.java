package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import jenkins.model.Jenkins;

/** Who may see credential listings and have credential IDs checked (the credentials plugin's consumer recipe). */
interface FormPermissions {
    boolean mayListCredentials(Item item);

    /** No item (global configuration): administrators only; an item: Extended Read or Use Item on it. */
    FormPermissions JENKINS = item -> item == null
            ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
            : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
}
