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
                java.util.Map.of("file", "svc/opta.yaml", "vars", "tier=prod\n", "rollback", false, "timeout", 90));
        String xml = xstream().toXML(builder);
        assertThat(xml).contains("<file>svc/opta.yaml</file>", "<rollback>false</rollback>", "<timeout>90</timeout>")
                .doesNotContain("<options>");
        OptaDeployBuilder back = (OptaDeployBuilder) xstream().fromXML(xml);
        assertThat(back.getFile()).isEqualTo("svc/opta.yaml");
        assertThat(back.isRollback()).isFalse();
        assertThat(back.getTimeout()).isEqualTo(90);
        assertThat(back.options().vars).containsEntry("tier", "prod");
    }
}
