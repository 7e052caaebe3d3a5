package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.image.PushListener;
import io.jenkins.plugins.optadeploy.image.PushProgress;

/**
 * Push progress for a log (the Jenkins console, a CI log): a line at each 10 % step, never one per chunk, with bytes
 * sent of the total and the rate.
 */
public final class PushProgressLog implements PushListener {
    private final DeployLog log;
    private final PushProgress progress = new PushProgress();

    public PushProgressLog(DeployLog log) {
        this.log = log;
    }

    @Override
    public synchronized void progress(long bytesUploaded, long bytesTotal, int layersDone, int layersTotal) {
        if (progress.reachesNewStep(bytesUploaded, bytesTotal, layersDone, layersTotal)) {
            log.line("push: " + progress.describe(bytesUploaded, bytesTotal, layersDone, layersTotal));
        }
    }

    @Override
    public void log(String line) {
        log.line(line);
    }
}
