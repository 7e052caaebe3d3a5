package io.jenkins.plugins.optadeploy.image;

/** Receives push progress; called from worker threads. */
public interface PushListener {
    PushListener NONE = new PushListener() {
        @Override
        public void progress(long bytesUploaded, long bytesTotal, int layersDone, int layersTotal) {}

        @Override
        public void log(String line) {}
    };

    /**
     * @param bytesUploaded bytes sent so far
     * @param bytesTotal bytes of every blob of the image (blobs the registry already has count as done)
     * @param layersDone layers uploaded or found in the registry
     * @param layersTotal layers of the image
     */
    void progress(long bytesUploaded, long bytesTotal, int layersDone, int layersTotal);

    /** One line for the build log. Never contains a credential. */
    void log(String line);
}
