package io.jenkins.plugins.optadeploy.jenkins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import hudson.model.Run;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;

/**
 * One deploy of a build: the summary box on the build page and the deploy page ({@code opta-deploy-<n>}), which show
 * its {@link DeployView}. The report and the deploy log live as files in the build directory; build.xml keeps only the
 * deploy's number and file (Jenkins' XStream cannot read Java records back, jenkinsci/jenkins#26077, and a build.xml
 * is read for every build a page lists).
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
    /** What the running deploy knows before its report; lost on restart. */
    private transient volatile DeployView.Progress progress;

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
        progress = new DeployView.Progress(service, namespace, image, digest);
    }

    void complete(DeployReport finished) throws IOException {
        this.report = finished;
        File f = reportFile(run, index);
        Files.createDirectories(f.toPath().getParent());
        JSON.writeValue(f, finished);
    }

    /**
     * The report with {@code mask} applied to every text in it: an engine message may quote what a server said, and
     * a server may echo a credential. Through the report's JSON form, so that no field is forgotten.
     */
    static DeployReport masked(DeployReport report, UnaryOperator<String> mask) {
        try {
            return JSON.readValue(mask.apply(JSON.writeValueAsString(report)), DeployReport.class);
        } catch (IOException e) {
            throw new IllegalStateException("the deploy report could not be masked", e);
        }
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
        String service = getView().getService();
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

    /** What the pages show (index.jelly, summary.jelly), made from the report or the progress for each rendering. */
    public DeployView getView() {
        return new DeployView(file, getReport(), progress, this::readLog);
    }

    /** The deploy log (already masked when written), the last {@link #MAX_LOG_BYTES} bytes of it. */
    String readLog() {
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
}
