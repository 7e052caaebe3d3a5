package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployLog;
import io.jenkins.plugins.optadeploy.flow.PushProgressLog;
import io.jenkins.plugins.optadeploy.image.PushListener;
import io.jenkins.plugins.optadeploy.image.PushProgress;
import java.io.PrintWriter;

/**
 * Progress on standard error. With a console, one status line rewritten in place (carriage return, padded, never wider
 * than the terminal so it cannot wrap), pushes as a bar with bytes sent of the total and the rate; without one (CI
 * logs, pipes), one plain line per event, and a push line at each 10 %, so logs stay short.
 */
final class Progress implements DeployLog, PushListener {
    private static final int DEFAULT_WIDTH = 100;
    private static final int BAR_WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final int width;
    private final PushProgress push = new PushProgress();
    private final PushProgressLog pushLog = new PushProgressLog(this::line);
    private int shown;
    private long lastDrawn;

    Progress(Terminal terminal) {
        this.err = terminal.err();
        this.interactive = terminal.interactive();
        this.width = columns(terminal.environment().get("COLUMNS"));
    }

    @Override
    public synchronized void line(String text) {
        if (interactive) {
            status(text);
        } else {
            err.println(text);
            err.flush();
        }
    }

    @Override
    public synchronized void progress(long bytesUploaded, long bytesTotal, int layersDone, int layersTotal) {
        if (!interactive) {
            pushLog.progress(bytesUploaded, bytesTotal, layersDone, layersTotal);
            return;
        }
        long now = System.nanoTime();
        if (now - lastDrawn >= REDRAW_NANOS || layersDone == layersTotal) {
            lastDrawn = now;
            status("pushing " + push.bar(bytesUploaded, bytesTotal, layersDone, layersTotal, BAR_WIDTH) + " "
                    + push.describe(bytesUploaded, bytesTotal, layersDone, layersTotal));
        }
    }

    @Override
    public void log(String line) {
        line(line);
    }

    /** A push draws its bar in the status line (with a console) or logs each 10 % step (without). */
    @Override
    public PushListener pushProgress() {
        return this;
    }

    /** Removes the status line, so that what follows starts on a clean line. */
    synchronized void clear() {
        if (interactive && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }

    private void status(String text) {
        String single = text.replace('\n', ' ').replace('\r', ' ');
        String fitted = single.length() < width ? single : single.substring(0, width - 2) + "…";
        err.print("\r" + fitted + " ".repeat(Math.max(0, shown - fitted.length())));
        err.flush();
        shown = fitted.length();
    }

    private static int columns(String value) {
        try {
            int columns = value == null ? DEFAULT_WIDTH : Integer.parseInt(value.trim());
            return columns >= 20 ? columns - 1 : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }
}
