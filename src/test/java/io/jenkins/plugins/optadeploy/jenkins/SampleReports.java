package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.util.List;

/**
 * Canned deploy reports for the pages' and the record's tests. The manifests include a Secret with data, which the
 * renderer never produces, so that the pages' redaction has something to redact.
 */
final class SampleReports {
    private SampleReports() {
    }

    static DeployReport report(DeployReport.Outcome outcome, String summary, List<String> rolledBack) {
        return new DeployReport("hello/app", "hello", outcome, summary,
                "localhost:5000/hello/app@sha256:" + "ab".repeat(32), "sha256:" + "ab".repeat(32),
                "localhost:5000/hello/app", "2", "https://hello.example.com/app",
                List.of(new DeployReport.StageTiming("spec", 5), new DeployReport.StageTiming("rollout", 1200)),
                List.of(new DeployReport.ObjectChange("Deployment", "app", "updated")), List.of(),
                List.of(new DeployReport.PodTimeline("app-7d9-x", java.time.Instant.parse("2026-11-21T10:00:00Z"),
                        outcome == DeployReport.Outcome.SUCCEEDED ? java.time.Instant.parse("2026-11-21T10:00:04Z") : null,
                        outcome == DeployReport.Outcome.SUCCEEDED ? "Running" : "CrashLoopBackOff")),
                outcome == DeployReport.Outcome.SUCCEEDED ? List.of() : List.of("app-7d9-x: CrashLoopBackOff (exit 1)"),
                rolledBack,
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n---\napiVersion: v1\nkind: Secret\n"
                        + "metadata:\n  name: leaked\ndata:\n  password: bGVha2VkLXNlY3JldA==\n",
                null, List.of(), "app");
    }
}
