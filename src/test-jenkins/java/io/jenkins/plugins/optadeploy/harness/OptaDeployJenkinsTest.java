package io.jenkins.plugins.optadeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.optadeploy.jenkins.DeployAction;
import io.jenkins.plugins.optadeploy.jenkins.DeployBadgeAction;
import io.jenkins.plugins.optadeploy.jenkins.OptaDeployBuilder;
import io.jenkins.plugins.optadeploy.jenkins.OptaDeployGlobalConfiguration;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Real Jenkins (jenkins profile only): the freestyle form round trip and a Pipeline run against the mock cluster. */
@WithJenkins
class OptaDeployJenkinsTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void freestyleConfigurationRoundTrips(JenkinsRule j) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        OptaDeployBuilder builder = new OptaDeployBuilder();
        builder.setFile("deploy/opta.yaml");
        builder.setVars("tier=prod\n");
        builder.setTimeout(120);
        builder.setRollback(false);
        builder.setRegistry("registry.example.com:5000");
        project.getBuildersList().add(builder);

        j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(builder, project.getBuildersList().get(OptaDeployBuilder.class));
    }

    @Test
    void globalDefaultsRoundTrip(JenkinsRule j) throws Exception {
        OptaDeployGlobalConfiguration config = OptaDeployGlobalConfiguration.all().get(OptaDeployGlobalConfiguration.class);
        config.setDefaultRegistry("registry.example.com");
        config.setDefaultTimeout(900);
        j.configRoundtrip();
        assertThat(config.getDefaultRegistry()).isEqualTo("registry.example.com");
        assertThat(config.getDefaultTimeout()).isEqualTo(900);
    }

    @Test
    void pipelineDeploysAndReturnsTheOutputs(JenkinsRule j) throws Exception {
        try (TestCluster cluster = new TestCluster(PodScript.readyAfter(Duration.ofMillis(500)))) {
            TestCluster.addTokenCredential();
            WorkflowJob p = j.createProject(WorkflowJob.class, "shop");
            p.setDefinition(new CpsFlowDefinition(cluster.pipeline(), true));

            WorkflowRun b = j.buildAndAssertSuccess(p);

            j.assertLogContains("[optaDeploy] Deployed shop/orders in namespace shop", b);
            j.assertLogContains("namespace=shop image=nginx:1.27", b);
            j.assertLogNotContains("harness-token", b);
            assertThat(b.getAction(DeployAction.class).isSucceeded()).isTrue();
            assertThat(b.getAction(DeployBadgeAction.class).getTooltip()).contains("shop/orders");
        }
    }
}
