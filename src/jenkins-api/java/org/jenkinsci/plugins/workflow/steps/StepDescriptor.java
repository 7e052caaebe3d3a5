package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Set;

/** Compile-only copy of workflow-step-api's {@code StepDescriptor}. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public StepDescriptor() {}

    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();
}
