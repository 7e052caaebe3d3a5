package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import java.io.IOException;
import java.io.Serializable;

/**
 * Compile-only copy of workflow-step-api's {@code StepContext}: where a step gets its build, log and workspace, and how
 * it completes ({@code onSuccess}/{@code onFailure}).
 */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public StepContext() {}

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    /** Asks the Pipeline to save the program, this execution included (workflow-cps: CpsStepContext.saveState). */
    public abstract ListenableFuture<Void> saveState();
}
