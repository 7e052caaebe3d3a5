package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/**
 * Compile-only copy of Jenkins' {@code Item}. The permission constants exist in real Jenkins; here they have no
 * instance (the surface cannot build one honestly), which is enough to compile against them.
 */
public interface Item extends AccessControlled {
    Permission CONFIGURE = null;
    Permission EXTENDED_READ = null;
}
