package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;

/** One object the deploy wrote: created (it did not exist) or updated, and its metadata.generation afterwards. */
public record AppliedObject(ObjectRef ref, boolean created, Long generation) implements Serializable {

    @Override
    public String toString() {
        return ref + (created ? " (created)" : " (updated)");
    }
}
