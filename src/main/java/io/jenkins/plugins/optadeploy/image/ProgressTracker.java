package io.jenkins.plugins.optadeploy.image;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Aggregates the progress of parallel blob uploads for the {@link PushListener}. Every blob's weight is registered
 * before the first byte goes out, so the total does not grow under the reader's eyes: its size when known, else the
 * size of the layer as stored (a bound on its compressed size), settled once the blob is made.
 */
final class ProgressTracker {
    private final PushListener listener;
    private final int layersTotal;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private final AtomicInteger layersDone = new AtomicInteger();

    ProgressTracker(PushListener listener, int layersTotal) {
        this.listener = listener;
        this.layersTotal = layersTotal;
    }

    /** A blob of known size. */
    void known(long size) {
        bytesTotal.addAndGet(size);
    }

    /** A blob whose size is known once it is made: {@code estimate} now, {@link #settled} later. */
    void estimated(long estimate) {
        bytesTotal.addAndGet(estimate);
    }

    void settled(long estimate, long size) {
        bytesTotal.addAndGet(size - estimate);
    }

    void sent(long bytes) {
        report(bytesSent.addAndGet(bytes), layersDone.get());
    }

    void layerDone(boolean uploaded, long size) {
        if (!uploaded) {
            bytesSent.addAndGet(size);
        }
        report(bytesSent.get(), layersDone.incrementAndGet());
    }

    private void report(long sent, int done) {
        long total = bytesTotal.get();
        listener.progress(Math.min(sent, total), total, done, layersTotal);
    }
}
