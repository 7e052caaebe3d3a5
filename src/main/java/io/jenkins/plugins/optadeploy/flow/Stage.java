package io.jenkins.plugins.optadeploy.flow;

/** The stages of one deploy, in flow order; also how a failure is classified (the CLI's exit codes). */
public enum Stage {
    SPEC, IMAGE, MANIFESTS, APPLY, ROLLOUT
}
