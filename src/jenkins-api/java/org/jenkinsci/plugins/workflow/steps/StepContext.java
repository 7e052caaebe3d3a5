package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
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
}
