package hudson.model;

import java.io.PrintStream;

/** Compile-only copy of Jenkins' {@code TaskListener}: the build log. */
public interface TaskListener {
    PrintStream getLogger();
}
