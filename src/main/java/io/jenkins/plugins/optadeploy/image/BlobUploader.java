package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.hash.Digests;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import java.io.IOException;
import java.util.Optional;

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

    /**
     * Settles a push of content the registry may already hold, with one or two manifest look-ups instead of a look-up
     * per blob: a manifest is only accepted once all its blobs are there.
     *
     * @return the digest when the tag now points at this manifest; empty when blobs have to be checked
     */
    Optional<DescriptorDigest> pushIfManifestKnown(ManifestTemplate manifest, String tag)
            throws IOException, RegistryException, InterruptedException {
        DescriptorDigest digest = Digests.computeJsonDigest(manifest);
        Optional<ManifestAndDigest<ManifestTemplate>> tagged = existingManifest(tag);
        if (tagged.isPresent() && tagged.get().getDigest().equals(digest)) {
            return Optional.of(digest);
        }
        if (existingManifest(digest.toString()).isPresent()) {
            return Optional.of(pushManifest(manifest, tag));
        }
        return Optional.empty();
    }

    private Optional<ManifestAndDigest<ManifestTemplate>> existingManifest(String reference)
            throws IOException, RegistryException, InterruptedException {
        try {
            return Retry.call(() -> target.checkManifest(reference));
        } catch (RegistryException | ResponseException e) {
            ResponseException response = RegistryConnection.causeOf(e, ResponseException.class);
            if (response != null && response.getStatusCode() == 404) {
                return Optional.empty(); // the repository does not exist yet
            }
            throw e;
        }
    }

    DescriptorDigest pushManifest(ManifestTemplate manifest, String tag)
            throws IOException, RegistryException, InterruptedException {
        return Retry.call(() -> target.pushManifest(manifest, tag));
    }
}
