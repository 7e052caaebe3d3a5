package io.jenkins.plugins.optadeploy.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * One deploy of a build: the summary box on the build page and the deploy page ({@code opta-deploy-<n>}). Holds the
 * report (persisted with the build) and reads the deploy log back from the build directory.
 */
public final class DeployAction implements RunAction2 {
    static final String URL_PREFIX = "opta-deploy-";
    /** The page shows the end of a long log, never an unbounded read. */
    static final int MAX_LOG_BYTES = 512 * 1024;

    private final int index;
    private final String file;
    private volatile DeployReport report;
    private transient Run<?, ?> run;

    DeployAction(int index, String file) {
        this.index = index;
        this.file = file;
    }

    /** Reserves the next deploy number of the build and attaches the (still running) deploy. */
    static DeployAction attach(Run<?, ?> run, String file) {
        synchronized (run) {
            DeployAction a = new DeployAction(run.getActions(DeployAction.class).size() + 1, file);
            run.addAction(a);
            return a;
        }
    }

    static DeployAction find(Run<?, ?> run, int index) {
        for (DeployAction a : run.getActions(DeployAction.class)) {
            if (a.index == index) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    void complete(DeployReport finished) {
        this.report = finished;
    }

    int index() {
        return index;
    }

    File logFile() {
        return logFile(run, index);
    }

    static File logFile(Run<?, ?> run, int index) {
        return new File(new File(run.getRootDir(), "opta-deploy"), URL_PREFIX + index + ".log");
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return report == null ? "Opta deploy " + index : "Opta deploy: " + report.service();
    }

    @Override
    public String getUrlName() {
        return URL_PREFIX + index;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getFile() {
        return file;
    }

    public DeployReport getReport() {
        return report;
    }

    public boolean isFinished() {
        return report != null;
    }

    public boolean isSucceeded() {
        return report != null && report.succeeded();
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

    public String getService() {
        return report == null ? "" : report.service();
    }

    public String getNamespace() {
        return report == null ? "" : report.namespace();
    }

    public String getSummary() {
        return report == null ? "" : report.summary();
    }

    public String getImage() {
        return report == null ? "" : nullToEmpty(report.image());
    }

    public String getDigest() {
        return report == null ? "" : nullToEmpty(report.digest());
    }

    public String getShortDigest() {
        return shortDigest(report == null ? null : report.digest());
    }

    static String shortDigest(String digest) {
        if (digest == null || digest.isEmpty()) {
            return "";
        }
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    public String getRevision() {
        return report == null ? "" : nullToEmpty(report.revision());
    }

    public String getServiceUrl() {
        return report == null ? "" : nullToEmpty(report.url());
    }

    public List<Row> getTimings() {
        List<Row> rows = new ArrayList<>();
        if (report != null) {
            report.timings().forEach(t -> rows.add(new Row(t.stage(), String.format("%.1f s", t.millis() / 1000.0), "")));
        }
        return rows;
    }

    public List<Row> getChanges() {
        List<Row> rows = new ArrayList<>();
        if (report != null) {
            report.applied().forEach(c -> rows.add(new Row(c.kind(), c.name(), c.action())));
            report.pruned().forEach(c -> rows.add(new Row(c.kind(), c.name(), c.action())));
        }
        return rows;
    }

    public List<Row> getTimeline() {
        List<Row> rows = new ArrayList<>();
        if (report != null) {
            report.timeline().forEach(p -> rows.add(new Row(p.pod(),
                    p.created() == null ? "" : p.created().toString(),
                    (p.ready() == null ? "not ready" : "ready " + p.ready()) + (p.state() == null ? "" : " (" + p.state() + ")"))));
        }
        return rows;
    }

    public List<String> getDiagnostics() {
        return report == null ? List.of() : report.diagnostics();
    }

    public List<String> getRolledBack() {
        return report == null ? List.of() : report.rolledBack();
    }

    public List<String> getWarnings() {
        return report == null ? List.of() : report.warnings();
    }

    /** The rendered objects, with any Secret value redacted. */
    public String getManifests() {
        return report == null ? "" : ManifestRedactor.redact(report.manifestsYaml());
    }

    public String getDiff() {
        return report == null ? "" : ManifestRedactor.redact(nullToEmpty(report.diff()));
    }

    /** The deploy log (already masked when written), the last {@link #MAX_LOG_BYTES} bytes of it. */
    public String getLog() {
        if (run == null) {
            return "";
        }
        File f = logFile();
        if (!f.isFile()) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(f, "r")) {
            long start = Math.max(0, in.length() - MAX_LOG_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start == 0 ? text : "(earlier lines omitted)\n" + text.substring(text.indexOf('\n') + 1);
        } catch (IOException e) {
            return "The deploy log cannot be read: " + e.getMessage();
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A table row for the views: three cells. */
    public static final class Row {
        private final String first;
        private final String second;
        private final String third;

        Row(String first, String second, String third) {
            this.first = nullToEmpty(first);
            this.second = nullToEmpty(second);
            this.third = nullToEmpty(third);
        }

        public String getFirst() {
            return first;
        }

        public String getSecond() {
            return second;
        }

        public String getThird() {
            return third;
        }
    }
}
