package hudson.security;

/** Compile-only copy of Jenkins' {@code Permission}; real Jenkins defines the instances. */
public final class Permission {
    private Permission() {}
}
