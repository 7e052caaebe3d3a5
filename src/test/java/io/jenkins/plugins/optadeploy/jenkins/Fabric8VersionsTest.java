package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import org.junit.jupiter.api.Test;

/** The bundled JDK HTTP client and the installed Kubernetes Client API plugin must be the same fabric8. */
class Fabric8VersionsTest {

    @Test
    void readsTheVersionsFromTheJarsThatHoldTheClasses() {
        String api = Fabric8Versions.version(KubernetesClient.class, Fabric8Versions.API);
        assertThat(api).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(Fabric8Versions.version(JdkHttpClientFactory.class, Fabric8Versions.JDK_CLIENT)).isEqualTo(api);
        assertThat(Fabric8Versions.mismatch()).isNull();
    }

    @Test
    void aMismatchSaysWhatToInstall() {
        assertThat(Fabric8Versions.mismatch("7.4.0", "7.3.1"))
                .contains("provides fabric8 7.4.0").contains("built with fabric8 7.3.1").contains("kubernetes-client-api");
        assertThat(Fabric8Versions.mismatch("7.3.1", "7.3.1")).isNull();
    }
}
