package io.jenkins.plugins.optadeploy.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.logging.Level;
import java.util.logging.Logger;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * One deploy of a build: the summary box on the build page and the deploy page ({@code opta-deploy-<n>}). The report
 * and the deploy log live as files in the build directory; build.xml keeps only the deploy's number and file, because
 * Jenkins' XStream cannot read Java records back (jenkinsci/jenkins#26077).
 */
public final class DeployAction implements RunAction2 {
    static final String URL_PREFIX = "opta-deploy-";
    /** The page shows the end of a long log, never an unbounded read. */
    static final int MAX_LOG_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Logger LOGGER = Logger.getLogger(DeployAction.class.getName());

    private final int index;
    private final String file;
    private transient volatile DeployReport report;
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

    void complete(DeployReport finished) throws IOException {
        this.report = finished;
        File f = reportFile(run, index);
        Files.createDirectories(f.toPath().getParent());
        JSON.writeValue(f, finished);
    }

    int index() {
        return index;
    }

    File logFile() {
        return logFile(run, index);
    }

    static File reportFile(Run<?, ?> run, int index) {
        return new File(new File(run.getRootDir(), "opta-deploy"), URL_PREFIX + index + ".json");
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
        DeployReport r = getReport();
        return r == null ? "Opta deploy " + index : "Opta deploy: " + r.service();
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

    /** The finished deploy's report (read back from the build directory after a restart), or null while it runs. */
    public DeployReport getReport() {
        DeployReport r = report;
        if (r == null && run != null) {
            File f = reportFile(run, index);
            if (f.isFile()) {
                try {
                    r = JSON.readValue(f, DeployReport.class);
                    report = r;
                } catch (IOException e) {
                    LOGGER.log(Level.WARNING, "cannot read " + f, e);
                }
            }
        }
        return r;
    }

    public boolean isFinished() {
        return getReport() != null;
    }

    public boolean isSucceeded() {
        return getReport() != null && getReport().succeeded();
    }

    public String getOutcome() {
        if (getReport() == null) {
            return "in progress";
        }
        return switch (getReport().outcome()) {
            case SUCCEEDED -> "succeeded";
            case DRY_RUN -> "dry run";
            case ROLLED_BACK -> "failed, rolled back";
            case FAILED -> "failed";
        };
    }

    public String getService() {
        return getReport() == null ? "" : getReport().service();
    }

    public String getNamespace() {
        return getReport() == null ? "" : getReport().namespace();
    }

    public String getSummary() {
        return getReport() == null ? "" : getReport().summary();
    }

    public String getImage() {
        return getReport() == null ? "" : nullToEmpty(getReport().image());
    }

    public String getDigest() {
        return getReport() == null ? "" : nullToEmpty(getReport().digest());
    }

    public String getShortDigest() {
        return shortDigest(getReport() == null ? null : getReport().digest());
    }

    static String shortDigest(String digest) {
        if (digest == null || digest.isEmpty()) {
            return "";
        }
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    public String getRevision() {
        return getReport() == null ? "" : nullToEmpty(getReport().revision());
    }

    public String getServiceUrl() {
        return getReport() == null ? "" : nullToEmpty(getReport().url());
    }

    /** The service URL for a link: only http(s), since the spec (from SCM) names it and a javascript: URL would run. */
    public String getServiceLink() {
        String url = getServiceUrl();
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url : "";
    }

    public List<Row> getTimings() {
        List<Row> rows = new ArrayList<>();
        if (getReport() != null) {
            getReport().timings().forEach(t -> rows.add(new Row(t.stage(), String.format("%.1f s", t.millis() / 1000.0), "")));
        }
        return rows;
    }

    public List<Row> getChanges() {
        List<Row> rows = new ArrayList<>();
        if (getReport() != null) {
            getReport().applied().forEach(c -> rows.add(new Row(c.kind(), c.name(), c.action())));
            getReport().pruned().forEach(c -> rows.add(new Row(c.kind(), c.name(), c.action())));
        }
        return rows;
    }

    public List<Row> getTimeline() {
        List<Row> rows = new ArrayList<>();
        if (getReport() != null) {
            getReport().timeline().forEach(p -> rows.add(new Row(p.pod(),
                    p.created() == null ? "" : p.created().toString(),
                    (p.ready() == null ? "not ready" : "ready " + p.ready()) + (p.state() == null ? "" : " (" + p.state() + ")"))));
        }
        return rows;
    }

    public List<String> getDiagnostics() {
        return getReport() == null ? List.of() : getReport().diagnostics();
    }

    public List<String> getRolledBack() {
        return getReport() == null ? List.of() : getReport().rolledBack();
    }

    public List<String> getWarnings() {
        return getReport() == null ? List.of() : getReport().warnings();
    }

    /** The rendered objects, with any Secret value redacted. */
    public String getManifests() {
        return getReport() == null ? "" : ManifestRedactor.redact(getReport().manifestsYaml());
    }

    public String getDiff() {
        return getReport() == null ? "" : ManifestRedactor.redact(nullToEmpty(getReport().diff()));
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
