package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.Describable;

/** Compile-only copy of workflow-step-api's {@code Step}: the configured step; {@link #start} makes its execution. */
public abstract class Step implements Describable<Step>, ExtensionPoint {
    public Step() {}

    public abstract StepExecution start(StepContext context) throws Exception;
}
