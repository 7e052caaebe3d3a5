package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.Stage;

/** The process exit codes; scripts branch on them, so they never change meaning. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INVALID_SPEC = 3;
    public static final int PUSH_FAILED = 4;
    public static final int APPLY_FAILED = 5;
    public static final int ROLLOUT_FAILED = 6;
    public static final int TIMED_OUT = 7;

    private ExitCode() {}

    /** The code for a failure in {@code stage}. */
    static int of(Stage stage, boolean timedOut) {
        if (timedOut) {
            return TIMED_OUT;
        }
        return switch (stage) {
            case SPEC, MANIFESTS -> INVALID_SPEC;
            case IMAGE -> PUSH_FAILED;
            case APPLY -> APPLY_FAILED;
            case ROLLOUT -> ROLLOUT_FAILED;
        };
    }
}
