package io.jenkins.plugins.optadeploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.rollout.Diagnosis;
import io.jenkins.plugins.optadeploy.rollout.PodState;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When new pods never become ready, the report's reason ends with the opta.yaml field that set the readiness probe. */
class ReadinessSourceTest {
    private static final String SOURCE = "readiness probe from opta.yaml:14:5 modules[0].healthcheck_path (GET / on port 80)";
    private static final PodState RUNNING_NOT_READY = new PodState("hello-5d9c-abcde", "Running", false, 0, List.of());

    @Test
    void aFailingReadinessProbeNamesItsField() {
        List<String> diagnostics = diagnostics(Diagnosis.Reason.READINESS_PROBE, RUNNING_NOT_READY);

        assertThat(diagnostics).containsExactly("readiness probe keeps failing", "kubelet: 503", SOURCE);
    }

    @Test
    void aDeadlinePassedWithPodsRunningButNotReadyNamesItToo() {
        assertThat(diagnostics(Diagnosis.Reason.TIMEOUT, RUNNING_NOT_READY)).last().isEqualTo(SOURCE);
        assertThat(diagnostics(Diagnosis.Reason.PROGRESS_DEADLINE, RUNNING_NOT_READY)).last().isEqualTo(SOURCE);
    }

    @Test
    void otherFailuresDoNotBlameTheProbe() {
        assertThat(diagnostics(Diagnosis.Reason.CRASH_LOOP, new PodState("p", "Running", false, 4, List.of())))
                .doesNotContain(SOURCE);
        assertThat(diagnostics(Diagnosis.Reason.TIMEOUT, new PodState("p", "Pending", false, 0, List.of())))
                .doesNotContain(SOURCE);
        assertThat(diagnostics(Diagnosis.Reason.TIMEOUT, new PodState("p", "Running", false, 2, List.of())))
                .as("a restarting container is not a readiness problem").doesNotContain(SOURCE);
    }

    @Test
    void noReadinessProbeNothingToName() {
        DeployReport report = new DeployReportBuilder(Specs.minimal().withoutProbes().build())
                .rollout(outcome(Diagnosis.Reason.READINESS_PROBE, RUNNING_NOT_READY)).build();

        assertThat(report.diagnostics()).containsExactly("readiness probe keeps failing", "kubelet: 503");
    }

    private static List<String> diagnostics(Diagnosis.Reason reason, PodState pod) {
        return new DeployReportBuilder(Specs.minimal().build()).rollout(outcome(reason, pod)).build().diagnostics();
    }

    private static RolloutOutcome outcome(Diagnosis.Reason reason, PodState pod) {
        return new RolloutOutcome(false, new Diagnosis(reason, "readiness probe keeps failing", List.of("kubelet: 503")),
                null, List.of(), List.of(pod), Instant.now());
    }
}
