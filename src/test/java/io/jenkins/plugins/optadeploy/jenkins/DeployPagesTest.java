package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy page and the summary box as rendered (by {@link JellyPreview}) for a running, a succeeded and a
 * rolled-back deploy. With {@code -Dopta.previews=DIR} the pages are also written there, for a browser or
 * {@code chromium --headless --screenshot} to show people.
 */
class DeployPagesTest {
    private static final Path WEBAPP = Path.of("src/main/webapp");

    @TempDir
    Path dir;

    private String render(String view, DeployAction action, String name) throws Exception {
        String html = JellyPreview.render(DataBindingTest.VIEWS.resolve("DeployAction").resolve(view), action, WEBAPP);
        String folder = System.getProperty("opta.previews");
        if (folder != null && !folder.isBlank()) {
            Path out = Files.createDirectories(Path.of(folder)).resolve(name + ".html");
            Files.writeString(out, html, StandardCharsets.UTF_8);
        }
        return html;
    }

    private DeployAction action() throws Exception {
        return DeployAction.attach(new FakeBuild.FakeRun(dir.toFile()), "services/opta.yaml");
    }

    @Test
    void aRunningDeployShowsWhatIsKnownAndTheLogSoFar() throws Exception {
        DeployAction action = action();
        action.preparing("hello/app", "hello", "localhost:5000/hello/app@sha256:" + "ab".repeat(32),
                "sha256:" + "ab".repeat(32));
        Files.createDirectories(action.logFile().toPath().getParent());
        Files.writeString(action.logFile().toPath(), "[optaDeploy] pushed localhost:5000/hello/app\n");
        String page = render("index.jelly", action, "running-index");
        assertThat(page).contains("<strong>in progress</strong>", "<code>hello</code>", "pushed localhost:5000/hello/app")
                .doesNotContain("Stage timings");
        assertThat(render("summary.jelly", action, "running-summary")).contains("in progress", "deploy-running.svg")
                .doesNotContain("Namespace");
    }

    @Test
    void aSucceededDeployShowsItsFactsTimingsObjectsAndTimeline() throws Exception {
        DeployAction action = action();
        action.complete(SampleReports.report(DeployReport.Outcome.SUCCEEDED, "1 of 1 pods ready", List.of()));
        String page = render("index.jelly", action, "succeeded-index");
        assertThat(page).contains("<strong>succeeded</strong>: 1 of 1 pods ready", "<code>hello</code>",
                "<a href=\"https://hello.example.com/app\" rel=\"noopener noreferrer\">https://hello.example.com/app</a>",
                "<td>rollout</td><td>1.2 s</td>", "<td>Deployment</td><td>app</td><td>updated</td>",
                "ready at 2026-11-21 10:00:04 UTC (after 4.0 s); Running")
                .doesNotContain("Why the rollout failed", "bGVha2VkLXNlY3JldA==");
        assertThat(action.getView().getManifests()).as("a Secret's data is redacted on the page")
                .contains("password: <redacted>").doesNotContain("bGVha2VkLXNlY3JldA==");
        assertThat(render("summary.jelly", action, "succeeded-summary")).contains("<strong>succeeded</strong>",
                "<code>abababababab</code>", "deploy-succeeded.svg");
    }

    @Test
    void aRolledBackDeploySaysWhyAndWhatWasRestoredEscaped() throws Exception {
        DeployAction action = action();
        DeployReport r = SampleReports.report(DeployReport.Outcome.ROLLED_BACK, "crash loop; rolled back",
                List.of("Deployment app restored to revision 1"));
        action.complete(new DeployReport(r.service(), r.namespace(), r.outcome(), r.summary(), r.image(), r.digest(),
                r.dockerRepoUrl(), r.revision(), "javascript:alert(1)", r.timings(), r.applied(), r.pruned(),
                r.timeline(), List.of("app-7d9-x: log <img src=x onerror=alert(1)>"), r.rolledBack(),
                r.manifestsYaml(), r.diff(), List.of("Service app has no ready endpoints"), r.workload()));
        String page = render("index.jelly", action, "rolled-back-index");
        assertThat(page).contains("<strong>failed, rolled back</strong>: crash loop; rolled back",
                "app-7d9-x: log &lt;img src=x onerror=alert(1)&gt;", "<li>Deployment app restored to revision 1</li>",
                "<li>Service app has no ready endpoints</li>", "not ready; CrashLoopBackOff")
                .doesNotContain("<img src=x", "href=\"javascript:");
        assertThat(page).as("shown, not linked").contains("javascript:alert(1)");
        assertThat(render("summary.jelly", action, "rolled-back-summary")).contains("deploy-failed.svg",
                "<strong>failed, rolled back</strong>").doesNotContain("href=\"javascript:");
    }
}
