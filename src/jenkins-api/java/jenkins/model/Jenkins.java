package jenkins.model;

import hudson.model.Descriptor;
import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Compile-only copy of the few members of Jenkins' {@code Jenkins} the plugin uses; there is no running Jenkins here. */
public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;

    private Jenkins() {}

    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins is not running");
    }

    public static Jenkins getInstanceOrNull() {
        return null;
    }

    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        return null;
    }

    @Override
    public boolean hasPermission(Permission permission) {
        return false;
    }
}
