package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.jenkins.plugins.optadeploy.rollout.RolloutTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Small Deployments and StatefulSets like the ones the manifests stage renders, for tests against the mock. */
public final class Workloads {

    private Workloads() {
    }

    public static Probe httpProbe(String path, int port, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withInitialDelaySeconds(0).withPeriodSeconds(periodSeconds).withFailureThreshold(failureThreshold)
                .build();
    }

    public static Deployment deployment(String ns, String name, String image, int replicas, Probe readiness) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).withReadinessProbe(readiness)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** What the gate waits for after {@code applied} was created: its generation, its selector, a deadline. */
    public static RolloutTarget target(Deployment applied, Duration timeout) {
        return RolloutTarget.deployment(applied.getMetadata().getNamespace(), applied.getMetadata().getName(),
                applied.getMetadata().getGeneration(), Instant.now().plus(timeout),
                applied.getSpec().getSelector().getMatchLabels());
    }

    public static StatefulSet statefulSet(String ns, String name, String image, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
