package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.image.PushListener;

/** Turns push progress into a log line per finished layer, not one per chunk. */
final class PushProgressLog implements PushListener {
    private final DeployLog log;
    private int layersReported = -1;

    PushProgressLog(DeployLog log) {
        this.log = log;
    }

    @Override
    public synchronized void progress(long bytesUploaded, long bytesTotal, int layersDone, int layersTotal) {
        if (layersDone != layersReported) {
            layersReported = layersDone;
            log.line("push: " + layersDone + "/" + layersTotal + " layers, " + bytesUploaded / 1024 + " of "
                    + bytesTotal / 1024 + " KiB sent");
        }
    }

    @Override
    public void log(String line) {
        log.line(line);
    }
}
