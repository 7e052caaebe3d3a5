package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployLog;
import io.jenkins.plugins.optadeploy.image.PushListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on standard error. With a console, one status line rewritten in place (carriage return, padded, never wider
 * than the terminal so it cannot wrap); without one (CI logs, pipes), one plain line per event, and push byte counts
 * only when a layer completes, so logs stay short.
 */
final class Progress implements DeployLog, PushListener {
    private static final int DEFAULT_WIDTH = 100;

    private final PrintWriter err;
    private final boolean interactive;
    private final int width;
    private int shown;
    private int lastLayersDone = -1;

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
        String text = String.format(Locale.ROOT, "pushing: %d/%d layers, %s of %s", layersDone, layersTotal,
                size(bytesUploaded), size(bytesTotal));
        if (interactive) {
            status(text);
        } else if (layersDone != lastLayersDone) {
            lastLayersDone = layersDone;
            err.println(text);
            err.flush();
        }
    }

    @Override
    public void log(String line) {
        line(line);
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

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
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
