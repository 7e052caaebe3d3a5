package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import org.junit.jupiter.api.Test;

/**
 * config.xml as Jenkins reads it. Jenkins' XStream2 is XStream with a reflection provider that, like plain XStream's,
 * builds objects without running a constructor: a field the XML does not name keeps null, 0 or false, and
 * readResolve is the one place to give it its default. The REST API, Job DSL and configuration-as-code tools write
 * such short configurations.
 */
class ConfigXmlTest {
    private static final String ELEMENT = "io.jenkins.plugins.optadeploy.jenkins.OptaDeployBuilder";

    private static XStream xstream() {
        XStream x = new XStream();
        x.allowTypes(new Class<?>[] {OptaDeployBuilder.class});
        return x;
    }

    private static OptaDeployBuilder read(String inner) {
        return (OptaDeployBuilder) xstream().fromXML("<" + ELEMENT + " plugin=\"opta-deploy@0.1.0\">" + inner
                + "</" + ELEMENT + ">");
    }

    @Test
    void aShortConfigurationGetsEveryDefault() throws Exception {
        OptaDeployBuilder builder = read("<file>opta.yaml</file><dryRun>true</dryRun>");
        assertThat(builder.isDryRun()).isTrue();
        assertThat(builder.isRollback()).as("rollback defaults to on").isTrue();
        DeployOptions options = builder.options();
        assertThat(options.vars).isEmpty();
        DeployRequest request = options.toRequest(DeployDefaults.NONE, s -> s, null, null);
        assertThat(request.file()).isEqualTo("opta.yaml");
        assertThat(request.dryRun()).isTrue();
        assertThat(request.rollback()).isTrue();
        assertThat(request.timeout()).isNull();
        assertThat(builder.getLockWait()).as("written before the lock wait existed").isNull();
        assertThat(request.lockWait()).isNull();
        assertThat(request.effectiveLockWait()).isEqualTo(DeployRequest.DEFAULT_LOCK_WAIT);
        assertThat(builder.options().toRequest(new DeployDefaults(null, null, null, null, 45), s -> s, null, null)
                .lockWait()).as("the global default applies").hasSeconds(45);
    }

    @Test
    void anEmptyConfigurationDeploysOptaYamlWithRollback() throws Exception {
        OptaDeployBuilder builder = read("");
        assertThat(builder.getFile()).isEqualTo("opta.yaml");
        assertThat(builder.getVars()).isEmpty();
        assertThat(builder.options().toRequest(DeployDefaults.NONE, s -> s, null, null).rollback()).isTrue();
    }

    @Test
    void theFieldsAreTheBuildersOwnAndRoundTrip() throws Exception {
        OptaDeployBuilder builder = DataBindingTest.instantiate(OptaDeployBuilder.class,
                java.util.Map.of("file", "svc/opta.yaml", "vars", "tier=prod\n", "rollback", false, "timeout", 90,
                        "lockWait", 300));
        String xml = xstream().toXML(builder);
        assertThat(xml).contains("<file>svc/opta.yaml</file>", "<rollback>false</rollback>", "<timeout>90</timeout>",
                "<lockWait>300</lockWait>")
                .doesNotContain("<options>");
        OptaDeployBuilder back = (OptaDeployBuilder) xstream().fromXML(xml);
        assertThat(back.getFile()).isEqualTo("svc/opta.yaml");
        assertThat(back.isRollback()).isFalse();
        assertThat(back.getTimeout()).isEqualTo(90);
        assertThat(back.getLockWait()).isEqualTo(300);
        assertThat(back.options().vars).containsEntry("tier", "prod");
    }

    /** The global configuration's file as an earlier version wrote it: no lock wait, so the engine's 10 min. */
    @Test
    void anOlderGlobalConfigurationHasNoLockWaitOfItsOwn() throws Exception {
        XStream x = new XStream();
        x.allowTypes(new Class<?>[] {OptaDeployGlobalConfiguration.class});
        OptaDeployGlobalConfiguration config = (OptaDeployGlobalConfiguration) x.fromXML(
                "<io.jenkins.plugins.optadeploy.jenkins.OptaDeployGlobalConfiguration plugin=\"opta-deploy@0.1.0\">"
                        + "<defaultRegistry>registry.example.com</defaultRegistry><defaultTimeout>900</defaultTimeout>"
                        + "</io.jenkins.plugins.optadeploy.jenkins.OptaDeployGlobalConfiguration>");
        assertThat(config.getDefaultLockWait()).isNull();
        DeployRequest request = new OptaDeployStep().options().toRequest(config.toDefaults(), s -> s, null, null);
        assertThat(request.timeout()).hasSeconds(900);
        assertThat(request.effectiveLockWait()).isEqualTo(DeployRequest.DEFAULT_LOCK_WAIT);
    }
}
