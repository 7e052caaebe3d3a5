package io.jenkins.plugins.optadeploy.image;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Aggregates the progress of parallel blob uploads for the {@link PushListener}. */
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

    void known(long size) {
        bytesTotal.addAndGet(size);
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
        listener.progress(Math.min(sent, bytesTotal.get()), bytesTotal.get(), done, layersTotal);
    }
}
