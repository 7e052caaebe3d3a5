package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.List;
import org.springframework.security.core.Authentication;

/**
 * Compile-only copy of the credentials plugin's {@code AbstractIdCredentialsListBoxModel}. There are no credential
 * stores here, so the {@code includeMatching} calls add nothing.
 */
public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>,
        C extends IdCredentials> extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    public AbstractIdCredentialsListBoxModel() {}

    protected abstract String describe(C c);

    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        add(new Option("- none -", "", false));
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatching(Item context, Class<? extends C> type,
            List<DomainRequirement> domainRequirements, CredentialsMatcher matcher) {
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatching(ItemGroup context, Class<? extends C> type,
            List<DomainRequirement> domainRequirements, CredentialsMatcher matcher) {
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(Authentication authentication, Item context,
            Class<? extends C> type, List<DomainRequirement> domainRequirements, CredentialsMatcher matcher) {
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(Authentication authentication, ItemGroup context,
            Class<? extends C> type, List<DomainRequirement> domainRequirements, CredentialsMatcher matcher) {
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(String value) {
        for (Option o : this) {
            if (value.equals(o.value)) {
                return this;
            }
        }
        add(new Option("- current -", value, false));
        return this;
    }
}
