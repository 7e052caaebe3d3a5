package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Describable;
import hudson.model.Descriptor;

/** Compile-only copy of Jenkins' {@code BuildStepDescriptor}. */
public abstract class BuildStepDescriptor<T extends BuildStep & Describable<T>> extends Descriptor<T> {
    protected BuildStepDescriptor() {}

    public abstract boolean isApplicable(Class<? extends AbstractProject> jobType);
}
