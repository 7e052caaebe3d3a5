package hudson;

/** Compile-only copy of Jenkins' {@code ExtensionPoint} marker. */
public interface ExtensionPoint {}
