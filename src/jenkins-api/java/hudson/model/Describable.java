package hudson.model;

/** Compile-only copy of Jenkins' {@code Describable}. */
public interface Describable<T extends Describable<T>> {}
