package io.jenkins.plugins.optadeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodDoctorTest {

    @Test
    void registryIsReadAsTheContainerRuntimeReadsIt() {
        assertThat(ImagePullFailure.registry("localhost:5000/shop/web@sha256:abc")).isEqualTo("localhost:5000");
        assertThat(ImagePullFailure.registry("ghcr.io/acme/web:1")).isEqualTo("ghcr.io");
        assertThat(ImagePullFailure.registry("localhost/web:1")).isEqualTo("localhost");
        assertThat(ImagePullFailure.registry("acme/web:1")).isEqualTo("docker.io");
        assertThat(ImagePullFailure.registry("nginx")).isEqualTo("docker.io");
    }

    @Test
    void probesAreDescribedTheWayUsersWroteThem() {
        assertThat(ReadinessNeverPassing.describe(new ProbeBuilder().withNewHttpGet().withPath("/ready").withPort(new IntOrString("http"))
                .endHttpGet().build())).isEqualTo("HTTP GET /ready on port http");
        assertThat(ReadinessNeverPassing.describe(new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/ready").endExec().build()))
                .isEqualTo("exec cat /tmp/ready");
        assertThat(ReadinessNeverPassing.describe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(5432))
                .endTcpSocket().build())).isEqualTo("TCP port 5432");
    }

    @Test
    void targetsAcceptOnlyTheKindsTheGateUnderstands() {
        assertThatThrownBy(() -> new RolloutTarget("ns", "DaemonSet", "x", 1, Instant.now(), Map.of()))
                .hasMessage("kind must be Deployment or StatefulSet, not DaemonSet");
        assertThat(RolloutTarget.deployment("ns", "web", 3, Instant.EPOCH, null).podSelector()).isEmpty();
    }
}
