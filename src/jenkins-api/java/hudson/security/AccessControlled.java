package hudson.security;

/** Compile-only copy of Jenkins' {@code AccessControlled}. */
public interface AccessControlled {
    boolean hasPermission(Permission permission);
}
