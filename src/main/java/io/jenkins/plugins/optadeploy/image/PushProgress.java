package io.jenkins.plugins.optadeploy.image;

import java.util.Locale;

/**
 * Push progress as people read it: {@code 12.5 of 48.0 MiB (26 %), 9.1 MiB/s, 1/2 layers}, a bar for a terminal, and
 * the 10 % steps a log prints, each once. One per push: the rate counts from its creation.
 */
public final class PushProgress {
    private static final int STEPS = 10;
    private final long startNanos = System.nanoTime();
    private int lastStep;

    public String describe(long sent, long total, int layersDone, int layersTotal) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%s of %s (%d %%), %s/s, %d/%d layers", size(sent), size(total),
                percent(sent, total, layersDone, layersTotal), size((long) (sent / seconds)), layersDone, layersTotal);
    }

    /** {@code [######----]}, {@code width} characters between the brackets. */
    public String bar(long sent, long total, int layersDone, int layersTotal, int width) {
        int filled = percent(sent, total, layersDone, layersTotal) * width / 100;
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** Whether this update reaches a 10 % step not reported yet; 100 % once every layer is done. */
    public synchronized boolean reachesNewStep(long sent, long total, int layersDone, int layersTotal) {
        int step = percent(sent, total, layersDone, layersTotal) / STEPS;
        if (step > lastStep) {
            lastStep = step;
            return true;
        }
        return false;
    }

    private static int percent(long sent, long total, int layersDone, int layersTotal) {
        if (layersDone >= layersTotal) {
            return 100;
        }
        // the last per cent waits for the last layer: its blob may still be settling
        return total <= 0 ? 0 : (int) Math.min(99, sent * 100 / total);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
