package hudson.model;

/** Compile-only copy of Jenkins' {@code ModelObject}. */
public interface ModelObject {
    String getDisplayName();
}
