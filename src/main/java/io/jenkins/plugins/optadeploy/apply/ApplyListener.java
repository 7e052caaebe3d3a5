package io.jenkins.plugins.optadeploy.apply;

/** Receives human-readable progress lines ("applied Deployment/web (updated)"); never given a secret. */
@FunctionalInterface
public interface ApplyListener {
    void progress(String line);

    ApplyListener SILENT = line -> { };
}
