package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.util.List;

/**
 * The kinds the renderer produces, hence the only kinds prune looks at. Never Namespace: a namespace is never pruned.
 * A kind the renderer starts to produce must be added here, or its removal from a spec will not prune it.
 */
final class PrunableKinds {

    static final List<Class<? extends HasMetadata>> KINDS = List.of(ServiceAccount.class, ConfigMap.class, Secret.class,
            Service.class, Deployment.class, StatefulSet.class, HorizontalPodAutoscaler.class, Ingress.class,
            CronJob.class);

    private PrunableKinds() {
    }
}
