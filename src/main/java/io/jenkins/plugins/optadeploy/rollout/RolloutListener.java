package io.jenkins.plugins.optadeploy.rollout;

/** Receives progress lines as the rollout changes ("Deployment ns/web revision 3: 2/3 new pods ready"); never repeats one. */
@FunctionalInterface
public interface RolloutListener {

    RolloutListener NONE = line -> { };

    void progress(String line);
}
