package io.jenkins.plugins.optadeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the caches prove a Deployment's rollout complete: by its status, as kubectl decides, or already by its pods while
 * the controllers have not yet written the ReplicaSet's and the Deployment's status.
 */
class RolloutStatusTest {
    private static final RolloutTarget TARGET = RolloutTarget.deployment("ns", "web", 2, Instant.MAX, Map.of());
    private final ReplicaSet old = replicaSet("web-old", 1);
    private final ReplicaSet current = replicaSet("web-new", 2);

    @Test
    void readyPodsOfTheRevisionTheDeploymentNamesCompleteItBeforeItsStatusSaysSo() {
        RolloutStatus status = RolloutStatus.of(TARGET, new Snapshot(deployment("2", 0, 0),
                List.of(old, current), List.of(pod("a", current, true), pod("b", current, true))));

        assertThat(status.phase()).isEqualTo(RolloutStatus.Phase.COMPLETE);
        assertThat(status.line()).isEqualTo("Deployment ns/web revision 2: 2/2 new pods ready, rollout complete");
    }

    @Test
    void aReplicaSetCacheThatHasNotSeenTheNewRevisionYetProvesNothing() {
        RolloutStatus status = RolloutStatus.of(TARGET, new Snapshot(deployment("2", 0, 0),
                List.of(old), List.of(pod("a", old, true), pod("b", old, true))));

        assertThat(status.phase()).isEqualTo(RolloutStatus.Phase.WAITING);
    }

    @Test
    void aLivePodOfAnOlderRevisionKeepsItWaitingForTheStatus() {
        RolloutStatus status = RolloutStatus.of(TARGET, new Snapshot(deployment("2", 0, 0),
                List.of(old, current), List.of(pod("a", current, true), pod("b", current, true), pod("c", old, true))));

        assertThat(status.phase()).isEqualTo(RolloutStatus.Phase.WAITING);
    }

    @Test
    void withMinReadySecondsOnlyTheStatusTellsAvailability() {
        Deployment deployment = deployment("2", 0, 0);
        deployment.getSpec().setMinReadySeconds(5);
        Snapshot snapshot = new Snapshot(deployment, List.of(old, current),
                List.of(pod("a", current, true), pod("b", current, true)));

        assertThat(RolloutStatus.of(TARGET, snapshot).phase()).isEqualTo(RolloutStatus.Phase.WAITING);

        Deployment available = deployment("2", 2, 2);
        available.getSpec().setMinReadySeconds(5);
        assertThat(RolloutStatus.of(TARGET, new Snapshot(available, snapshot.replicaSets(), snapshot.pods())).phase())
                .isEqualTo(RolloutStatus.Phase.COMPLETE);
    }

    @Test
    void aPodNotReadyKeepsItWaitingWhateverTheStatus() {
        RolloutStatus status = RolloutStatus.of(TARGET, new Snapshot(deployment("2", 2, 2),
                List.of(old, current), List.of(pod("a", current, true), pod("b", current, false))));

        assertThat(status.phase()).isEqualTo(RolloutStatus.Phase.WAITING);
        assertThat(status.line()).isEqualTo("Deployment ns/web revision 2: 1/2 new pods ready");
    }

    /** Two replicas at generation 2, observed; {@code updated} and {@code available} as the controllers last wrote. */
    private static Deployment deployment(String revision, int updated, int available) {
        return new DeploymentBuilder().withNewMetadata().withNamespace("ns").withName("web").withUid("deploy-uid")
                .withGeneration(2L).addToAnnotations(DeploymentRollout.REVISION_ANNOTATION, revision).endMetadata()
                .withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).endStatus().build();
    }

    private static ReplicaSet replicaSet(String name, int revision) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(name + "-uid")
                .addToAnnotations(DeploymentRollout.REVISION_ANNOTATION, String.valueOf(revision))
                .addNewOwnerReference().withKind("Deployment").withName("web").withUid("deploy-uid").withController(true)
                .endOwnerReference().endMetadata().build();
    }

    private static Pod pod(String name, ReplicaSet owner, boolean ready) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).addNewOwnerReference()
                .withKind("ReplicaSet").withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).endOwnerReference().endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }
}
