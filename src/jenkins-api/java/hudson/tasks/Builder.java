package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;

/** Compile-only copy of Jenkins' {@code Builder}: a freestyle build step. */
public abstract class Builder implements BuildStep, Describable<Builder>, ExtensionPoint {
    public Builder() {}

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.BUILD;
    }
}
