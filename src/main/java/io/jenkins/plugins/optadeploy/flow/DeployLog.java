package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.image.PushListener;

/** Where the engine writes progress lines; the Jenkins step prefixes and masks them, the CLI prints them. */
@FunctionalInterface
public interface DeployLog {
    void line(String text);

    /**
     * The service lock is held and objects are about to be written. Until then a stop may interrupt the deploy (a
     * lock wait ends with nothing applied); from here it should let the apply end and roll back what it returns.
     */
    default void writing() {}

    /** Where a push reports its progress: a line at each 10 % by default; a console may draw a bar instead. */
    default PushListener pushProgress() {
        return new PushProgressLog(this);
    }
}
