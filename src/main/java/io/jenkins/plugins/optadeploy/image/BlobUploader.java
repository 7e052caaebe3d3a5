package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;

/** Sends blobs the target does not have yet, then the manifest; every call retried on transient failures. */
final class BlobUploader {
    private final RegistryClient target;

    BlobUploader(RegistryClient target) {
        this.target = target;
    }

    /**
     * @param mountFrom a repository on the same registry holding the blob, tried as a cross-repository mount; or null
     * @return true when bytes were sent (or mounted), false when the registry already had the blob
     */
    boolean upload(DescriptorDigest digest, long size, Blob blob, String mountFrom, ProgressTracker progress)
            throws IOException, RegistryException, InterruptedException {
        progress.known(size);
        if (Retry.call(() -> target.checkBlob(digest)).isPresent()) {
            progress.layerDone(false, size);
            return false;
        }
        Retry.call(() -> target.pushBlob(digest, blob, mountFrom, progress::sent));
        progress.layerDone(true, size);
        return true;
    }

    DescriptorDigest pushManifest(ManifestTemplate manifest, String tag)
            throws IOException, RegistryException, InterruptedException {
        return Retry.call(() -> target.pushManifest(manifest, tag));
    }
}
