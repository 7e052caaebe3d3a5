package hudson.tasks;

/** Compile-only copy of Jenkins' {@code BuildStepMonitor}. */
public enum BuildStepMonitor {
    NONE,
    STEP,
    BUILD
}
