package io.jenkins.plugins.optadeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.optadeploy.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each hopeless state on its own, on pods as a kubelet reports them; no cluster (logs off, no events needed). */
class HopelessStatesTest {

    static final RolloutOptions OPTIONS = new RolloutOptions(Duration.ofSeconds(20), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 2, Duration.ofSeconds(10), 0, 10, Duration.ofSeconds(10));
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    final Map<String, Instant> firstSeen = new HashMap<>();
    final List<Instant> rechecks = new ArrayList<>();

    Optional<Diagnosis> at(Instant now, HopelessState state, Pod pod) {
        return state.diagnose(pod, new Examination(null, "shop", OPTIONS, rechecks::add, firstSeen, new HashSet<>(), now));
    }

    static Pod pod(ContainerStatus status) {
        return new PodBuilder().withNewMetadata().withName("web-1").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("localhost:5000/shop/web:1")
                .withReadinessProbe(Workloads.httpProbe("/ready", 8080, 5, 3))
                .withNewResources().addToLimits("memory", new Quantity("128Mi")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(status.getState().getRunning() != null ? "Running" : "Pending")
                .withContainerStatuses(status).endStatus().build();
    }

    static ContainerStatus waiting(String reason, String message, int restarts, String lastReason) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("app").withRestartCount(restarts)
                .withReady(false).withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .endState();
        if (lastReason != null) {
            status.withNewLastState().withNewTerminated().withExitCode("OOMKilled".equals(lastReason) ? 137 : 1)
                    .withReason(lastReason).endTerminated().endLastState();
        }
        return status.build();
    }

    @Test
    void unschedulableCountsOnceItOutlastsItsTolerance() {
        Pod pod = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 Insufficient memory.").endCondition().endStatus().build();

        assertThat(at(T0, new Unschedulable(), pod)).isEmpty();
        assertThat(rechecks).containsExactly(T0.plusSeconds(30));
        assertThat(at(T0.plusSeconds(30), new Unschedulable(), pod)).get().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Diagnosis.Reason.UNSCHEDULABLE);
            assertThat(d.summary()).isEqualTo("Pod web-1 cannot be scheduled: 0/1 nodes are available: 1 Insufficient memory.");
        });
    }

    @Test
    void anInvalidImageNameFailsAtOnceAPullErrorAfterItsTolerance() {
        assertThat(at(T0, new ImagePullFailure(), pod(waiting("InvalidImageName", "bad name", 0, null))))
                .get().extracting(Diagnosis::reason).isEqualTo(Diagnosis.Reason.IMAGE_PULL);
        Pod pulling = pod(waiting("ErrImagePull", "localhost:5000/shop/web:1: not found", 0, null));
        assertThat(at(T0, new ImagePullFailure(), pulling)).isEmpty();
        assertThat(at(T0.plusSeconds(20), new ImagePullFailure(), pulling)).get().satisfies(d -> {
            assertThat(d.summary()).isEqualTo("Pod web-1 cannot pull image localhost:5000/shop/web:1 from registry "
                    + "localhost:5000 (ErrImagePull)");
            assertThat(d.details()).contains("hint: the registry does not have this image: was it pushed to "
                    + "localhost:5000 before the deploy?");
        });
    }

    @Test
    void aCrashLoopCountsFromTheConfiguredRestarts() {
        assertThat(at(T0, new CrashLoop(), pod(waiting("CrashLoopBackOff", "back-off", 1, "Error")))).isEmpty();
        assertThat(at(T0, new CrashLoop(), pod(waiting("CrashLoopBackOff", "back-off", 2, "Error")))).get()
                .extracting(Diagnosis::summary).isEqualTo("Container app of pod web-1 keeps crashing (CrashLoopBackOff): "
                        + "exit code 1 (Error) after 2 restarts");
    }

    @Test
    void anOomKillLoopNamesTheMemoryLimitAndTheDoctorPrefersItToTheCrashLoop() {
        Pod pod = pod(waiting("CrashLoopBackOff", "back-off", 2, "OOMKilled"));
        assertThat(at(T0, new OomKill(), pod(waiting("CrashLoopBackOff", "back-off", 2, "Error")))).isEmpty();

        Optional<Diagnosis> found = new PodDoctor(null, "shop", OPTIONS, rechecks::add).examine(List.of(pod), T0);

        assertThat(found).get().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Diagnosis.Reason.OOM_KILLED);
            assertThat(d.summary()).isEqualTo("Container app of pod web-1 keeps running out of memory (OOMKilled, "
                    + "limit 128Mi) after 2 restarts");
            assertThat(d.details()).startsWith("memory limit: 128Mi");
        });
    }

    @Test
    void aMissingSecretCountsAfterItsToleranceACacheNotYetSyncedNever() {
        Pod missing = pod(waiting("CreateContainerConfigError", "secret \"db\" not found", 0, null));
        Pod syncing = pod(waiting("CreateContainerConfigError", "failed to sync secret cache: timed out", 0, null));

        assertThat(at(T0, new ContainerConfigError(), missing)).isEmpty();
        assertThat(at(T0.plusSeconds(10), new ContainerConfigError(), missing)).get().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Diagnosis.Reason.CONTAINER_CONFIG);
            assertThat(d.details()).startsWith("missing: secret \"db\" in namespace shop");
        });
        assertThat(at(T0.plusSeconds(60), new ContainerConfigError(), syncing)).isEmpty();
    }

    @Test
    void aFailingReadinessProbeIsNotJudgedWithinItsOwnWindow() {
        Pod running = pod(new ContainerStatusBuilder().withName("app").withReady(false).withRestartCount(0)
                .withNewState().withNewRunning().endRunning().endState().build());

        assertThat(at(T0, new ReadinessNeverPassing(), running)).isEmpty();
        assertThat(at(T0.plusSeconds(24), new ReadinessNeverPassing(), running)).isEmpty();
        assertThat(rechecks).containsExactly(T0.plusSeconds(5 * 3 + 10));
    }
}
