package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** One set of services per controller, kept by the global configuration; nothing falls back to a static one. */
class DeployServicesTest {

    @Test
    void theGlobalConfigurationMakesItsServicesOnceAndTheyReadItsDefaults() {
        OptaDeployGlobalConfiguration config = new OptaDeployGlobalConfiguration();
        config.setDefaultRegistry("registry.example.com:5000");
        DeployServices services = config.services();
        assertThat(config.services()).isSameAs(services);
        assertThat(services.defaults().get().registry()).isEqualTo("registry.example.com:5000");
        config.setDefaultTimeout(900);
        assertThat(services.defaults().get().timeoutSeconds()).as("read at each deploy").isEqualTo(900);
        assertThat(new OptaDeployGlobalConfiguration().services()).as("each configuration its own")
                .isNotSameAs(services);
    }

    @Test
    void withoutJenkinsTheFrontEndsMustBeHandedTheirServices() {
        assertThatThrownBy(() -> new OptaDeployStep().start(new FakeStepContext(Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hand the deploy its services");
        assertThatThrownBy(() -> new OptaDeployBuilder().perform(null, null, new hudson.EnvVars(), null,
                new FakeBuild.Console())).isInstanceOf(IllegalStateException.class);
    }
}
