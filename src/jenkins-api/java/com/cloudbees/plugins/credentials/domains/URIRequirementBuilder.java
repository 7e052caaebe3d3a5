package com.cloudbees.plugins.credentials.domains;

import java.util.ArrayList;
import java.util.List;

/** Compile-only copy of the credentials plugin's {@code URIRequirementBuilder}: domain requirements of a URI. */
public class URIRequirementBuilder {
    private final List<DomainRequirement> requirements = new ArrayList<>();

    private URIRequirementBuilder() {}

    public static URIRequirementBuilder fromUri(String uri) {
        URIRequirementBuilder b = new URIRequirementBuilder();
        if (uri != null) {
            b.requirements.add(new DomainRequirement());
        }
        return b;
    }

    public List<DomainRequirement> build() {
        return new ArrayList<>(requirements);
    }
}
