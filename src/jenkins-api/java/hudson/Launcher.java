package hudson;

/** Compile-only copy of Jenkins' {@code Launcher}; the plugin only passes it through (it never starts processes). */
public abstract class Launcher {
    private Launcher() {}
}
