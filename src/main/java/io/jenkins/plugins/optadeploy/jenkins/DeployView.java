package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the deploy page and the summary box show, worded and formatted: the Jelly views only place it. Made for each
 * rendering from the deploy's report, or, while the deploy runs, from what it knows so far; the long texts (manifests,
 * diff, log) are read only when a page asks for them.
 */
public final class DeployView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String file;
    private final DeployReport report;
    private final Progress progress;
    private final Supplier<String> log;

    /** What a running deploy knows before its report: the spec was read and the image pushed. */
    record Progress(String service, String namespace, String image, String digest) {}

    DeployView(String file, DeployReport report, Progress progress, Supplier<String> log) {
        this.file = file;
        this.report = report;
        this.progress = progress == null ? new Progress("", "", "", "") : progress;
        this.log = log;
    }

    public boolean isFinished() {
        return report != null;
    }

    public boolean isSucceeded() {
        return report != null && report.succeeded();
    }

    public String getFile() {
        return file;
    }

    public String getOutcome() {
        if (report == null) {
            return "in progress";
        }
        return switch (report.outcome()) {
            case SUCCEEDED -> "succeeded";
            case DRY_RUN -> "dry run";
            case ROLLED_BACK -> "failed, rolled back";
            case FAILED -> "failed";
        };
    }

    public String getSummary() {
        return report == null ? "" : report.summary();
    }

    public String getService() {
        return text(report == null ? progress.service() : report.service());
    }

    public String getNamespace() {
        return text(report == null ? progress.namespace() : report.namespace());
    }

    public String getImage() {
        return text(report == null ? progress.image() : report.image());
    }

    public String getDigest() {
        return text(report == null ? progress.digest() : report.digest());
    }

    public String getShortDigest() {
        return shortDigest(getDigest());
    }

    /** The first 12 hex digits, as registries and kubectl show an image digest. */
    static String shortDigest(String digest) {
        if (digest == null || digest.isEmpty()) {
            return "";
        }
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    public String getRevision() {
        return report == null ? "" : text(report.revision());
    }

    public String getWorkload() {
        return report == null ? "" : text(report.workload());
    }

    public String getServiceUrl() {
        return report == null ? "" : text(report.url());
    }

    /** The service URL for a link: only http(s), since the spec (from SCM) names it and a javascript: URL would run. */
    public String getServiceLink() {
        String url = getServiceUrl();
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url : "";
    }

    public List<String> getWarnings() {
        return report == null ? List.of() : report.warnings();
    }

    public List<Row> getTimings() {
        return report == null ? List.of()
                : report.timings().stream().map(t -> new Row(t.stage(), seconds(t.millis()), "")).toList();
    }

    static String seconds(long millis) {
        return millis < 100 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    public List<Row> getChanges() {
        return report == null ? List.of() : Stream.concat(report.applied().stream(), report.pruned().stream())
                .map(c -> new Row(c.kind(), c.name(), c.action())).toList();
    }

    public List<Row> getTimeline() {
        return report == null ? List.of()
                : report.timeline().stream().map(p -> new Row(p.pod(), time(p.created()), readiness(p))).toList();
    }

    /** To the second, in UTC: the page is read by people. */
    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static String readiness(DeployReport.PodTimeline p) {
        String when = p.ready() == null ? "not ready" : "ready at " + time(p.ready()) + (p.created() == null ? ""
                : " (after " + seconds(Duration.between(p.created(), p.ready()).toMillis()) + ")");
        return p.state() == null || p.state().isEmpty() ? when : when + "; " + p.state();
    }

    /** The diagnostics as one text, one per line: Jelly drops the whitespace between elements of a loop. */
    public String getDiagnosticsText() {
        return report == null ? "" : String.join("\n", report.diagnostics());
    }

    public List<String> getRolledBack() {
        return report == null ? List.of() : report.rolledBack();
    }

    /** The rendered objects, with any Secret value redacted. */
    public String getManifests() {
        return report == null ? "" : ManifestRedactor.redact(report.manifestsYaml());
    }

    public String getDiff() {
        return report == null ? "" : ManifestRedactor.redact(text(report.diff()));
    }

    /** The deploy log as written (masked), its end when it is long. */
    public String getLog() {
        return log.get();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** A table row of the views: three cells, never null (the views call the accessors: {@code ${t.first()}}). */
    public record Row(String first, String second, String third) {
        public Row {
            first = text(first);
            second = text(second);
            third = text(third);
        }
    }
}
