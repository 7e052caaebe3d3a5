package hudson.model;

/** Compile-only copy of Jenkins' {@code Descriptor}; persistence is a no-op here. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {}

    public String getDisplayName() {
        return getClass().getSimpleName();
    }

    public synchronized void load() {}

    public synchronized void save() {}
}
