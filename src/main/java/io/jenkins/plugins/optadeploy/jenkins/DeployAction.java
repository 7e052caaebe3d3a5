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
    /** What the running deploy knows before its report (service, namespace, image, digest); lost on restart. */
    private transient volatile String[] progress;

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

    /** The spec was read and the image pushed: the page shows them while the deploy goes on. */
    void preparing(String service, String namespace, String image, String digest) {
        progress = new String[] {service, namespace, image, digest};
    }

    private String progress(int i) {
        String[] p = progress;
        return p == null ? "" : nullToEmpty(p[i]);
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
        DeployReport r = getReport();
        return "/plugin/opta-deploy/images/" + (r == null ? DeployBadgeAction.RUNNING_ICON : DeployBadgeAction.icon(r.succeeded()));
    }

    @Override
    public String getDisplayName() {
        String service = getService();
        return service.isEmpty() ? "Opta deploy " + index : "Opta deploy: " + service;
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
        return getReport() == null ? progress(0) : getReport().service();
    }

    public String getNamespace() {
        return getReport() == null ? progress(1) : getReport().namespace();
    }

    public String getSummary() {
        return getReport() == null ? "" : getReport().summary();
    }

    public String getImage() {
        return getReport() == null ? progress(2) : nullToEmpty(getReport().image());
    }

    public String getDigest() {
        return getReport() == null ? progress(3) : nullToEmpty(getReport().digest());
    }

    public String getShortDigest() {
        return shortDigest(getDigest());
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

    public String getWorkload() {
        return getReport() == null ? "" : nullToEmpty(getReport().workload());
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
            getReport().timeline().forEach(p -> rows.add(new Row(p.pod(), time(p.created()), readiness(p))));
        }
        return rows;
    }

    /** To the second, in UTC: the page is read by people. */
    static String time(java.time.Instant t) {
        return t == null ? "" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    private static String readiness(DeployReport.PodTimeline p) {
        String when = p.ready() == null ? "not ready"
                : "ready at " + time(p.ready()) + (p.created() == null ? ""
                        : String.format(" (after %.1f s)", java.time.Duration.between(p.created(), p.ready()).toMillis() / 1000.0));
        return p.state() == null || p.state().isEmpty() ? when : when + "; " + p.state();
    }

    /** The diagnostics as one text, one per line: Jelly drops the whitespace between elements of a loop. */
    public String getDiagnosticsText() {
        return String.join("\n", getDiagnostics());
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
