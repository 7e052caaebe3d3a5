package io.jenkins.plugins.optadeploy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself: the real controllers create pods, the simulator makes them Ready, tokens are restricted. */
class RealControlPlaneTest {
    private final RealControlPlane plane = RealControlPlane.shared();

    @Test
    void theRealControllersRollOutADeploymentWhosePodsTheSimulatorMakesReady() {
        plane.ensureNamespace("fixture");
        try (KubeletSimulator kubelet = new KubeletSimulator(plane, "fixture")) {
            kubelet.script("web", PodScript.readyAfter(Duration.ofMillis(100)));
            KubernetesClient admin = plane.admin();
            admin.apps().deployments().inNamespace("fixture").resource(deployment("web", 2)).create();

            Deployment ready = admin.apps().deployments().inNamespace("fixture").withName("web")
                    .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(2).equals(
                            d.getStatus().getAvailableReplicas()), 60, TimeUnit.SECONDS);

            assertThat(ready.getStatus().getUpdatedReplicas()).isEqualTo(2);
            assertThat(admin.pods().inNamespace("fixture").list().getItems()).hasSize(2)
                    .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo(RealControlPlane.NODE));
            assertThat(kubelet.lastReadyWrittenAt("web")).isNotNull();

            admin.apps().deployments().inNamespace("fixture").withName("web").delete();
            admin.pods().inNamespace("fixture").waitUntilCondition(p -> p == null, 60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRestrictedTokenReadsWhatItsRoleAllowsAndNothingElse() {
        String kubeconfig = plane.restrictedKubeconfig("reader", "fixture-token", List.of(new PolicyRuleBuilder()
                .withApiGroups("").withResources("configmaps").withVerbs("get", "list").build()));
        try (KubernetesClient reader = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
                .build()) {
            assertThat(reader.configMaps().inNamespace("fixture-token").list().getItems()).isNotNull();
            assertThatThrownBy(() -> reader.secrets().inNamespace("fixture-token").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> reader.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    void withoutTheLauncherItIsUnavailableAndABrokenOneFailsWithWhatItSaid(@TempDir Path bin) throws Exception {
        assertThatThrownBy(() -> RealControlPlane.start(bin)).isInstanceOf(RealControlPlane.Unavailable.class)
                .hasMessageContaining("kcp is missing: run tools/controlplane/build.sh");

        Path kcp = Files.writeString(bin.resolve("kcp"), "#!/bin/sh\necho 'kcp: etcd: exec: no such file' >&2\nexit 1\n");
        kcp.toFile().setExecutable(true);

        assertThatThrownBy(() -> RealControlPlane.start(bin)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start").hasMessageContaining("kcp: etcd: exec: no such file");
    }

    static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example.test/web:1").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
