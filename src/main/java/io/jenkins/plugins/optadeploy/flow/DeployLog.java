package io.jenkins.plugins.optadeploy.flow;

/** Where the engine writes progress lines; the Jenkins step prefixes and masks them, the CLI prints them. */
@FunctionalInterface
public interface DeployLog {
    void line(String text);
}
