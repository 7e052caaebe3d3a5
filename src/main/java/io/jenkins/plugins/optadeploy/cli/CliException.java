package io.jenkins.plugins.optadeploy.cli;

/** Ends a command with an exit code and a message for the user (one problem per line, never a stack trace). */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
