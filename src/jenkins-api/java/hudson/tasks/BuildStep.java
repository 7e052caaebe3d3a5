package hudson.tasks;

/** Compile-only copy of Jenkins' {@code BuildStep}. */
public interface BuildStep {
    default BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.BUILD;
    }
}
