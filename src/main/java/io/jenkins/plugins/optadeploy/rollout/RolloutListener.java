package io.jenkins.plugins.optadeploy.rollout;

/**
 * Receives progress lines as the rollout changes ("Deployment ns/web revision 3: 2/3 new pods ready"), never one twice,
 * and at the end the warnings about the objects around the workload ("warning: Ingress ns/web has no ...").
 */
@FunctionalInterface
public interface RolloutListener {

    RolloutListener NONE = line -> { };

    void progress(String line);
}
