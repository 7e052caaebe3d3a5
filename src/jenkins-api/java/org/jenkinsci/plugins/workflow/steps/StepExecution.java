package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Compile-only copy of workflow-step-api's {@code StepExecution}: the running state of a step, persisted with the build. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;
    private final StepContext context;

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        return context;
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    public void onResume() {}

    public String getStatus() {
        return null;
    }

    public boolean blocksRestart() {
        return false;
    }
}
