package org.jenkinsci.plugins.workflow.steps;

/** Compile-only copy of workflow-step-api's {@code AbstractStepExecutionImpl}. */
public abstract class AbstractStepExecutionImpl extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected AbstractStepExecutionImpl(StepContext context) {
        super(context);
    }

    @Override
    public void onResume() {}
}
