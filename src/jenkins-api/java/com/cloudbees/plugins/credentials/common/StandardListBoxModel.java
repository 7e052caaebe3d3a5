package com.cloudbees.plugins.credentials.common;

/** Compile-only copy of the credentials plugin's {@code StandardListBoxModel}. */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    public StandardListBoxModel() {}

    @Override
    protected String describe(StandardCredentials c) {
        return c.getDescription() == null || c.getDescription().isEmpty() ? c.getId() : c.getDescription();
    }
}
