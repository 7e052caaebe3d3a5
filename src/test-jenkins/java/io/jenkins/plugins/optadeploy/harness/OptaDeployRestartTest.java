package io.jenkins.plugins.optadeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.jenkins.DeployAction;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Real Jenkins (jenkins profile only): the rollout wait survives a controller restart. */
class OptaDeployRestartTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void theRolloutWaitSurvivesARestart() throws Throwable {
        // pods become ready only after the restart has happened
        try (TestCluster cluster = new TestCluster(PodScript.readyAfter(Duration.ofSeconds(20)))) {
            sessions.then(j -> {
                TestCluster.addTokenCredential();
                WorkflowJob p = j.createProject(WorkflowJob.class, "shop");
                p.setDefinition(new CpsFlowDefinition(cluster.pipeline(), true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                j.waitForMessage("to roll out (until", b);
            });
            sessions.then(j -> {
                WorkflowRun b = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
                j.assertBuildStatusSuccess(j.waitForCompletion(b));
                j.assertLogContains("[optaDeploy] Jenkins restarted: watching the rollout of shop/orders again", b);
                assertThat(b.getAction(DeployAction.class).isSucceeded()).isTrue();
            });
        }
    }
}
