package hudson.model;

/** Compile-only copy of Jenkins' {@code ItemGroup}. */
public interface ItemGroup<T extends Item> {}
