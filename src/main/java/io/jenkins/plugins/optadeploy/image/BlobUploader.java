package io.jenkins.plugins.optadeploy.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import com.google.cloud.tools.jib.hash.Digests;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Sends blobs the target does not have yet, then the manifest, and reads the manifest back: a push is only done when
 * the registry serves, under the digest the pods will pin, the very manifest sent. Every call is retried on transient
 * failures and watched by the connection's {@link StallGuard}.
 */
final class BlobUploader {
    private final RegistryClient target;
    private final StallGuard guard;
    private final String registry;
    private final String image;

    /** @param image {@code registry/repository:tag}, for messages */
    BlobUploader(RegistryClient target, StallGuard guard, String registry, String image) {
        this.target = target;
        this.guard = guard;
        this.registry = registry;
        this.image = image;
    }

    /**
     * @param progress where the bytes go; the blob's size is already registered with it
     * @param mountFrom a repository on the same registry holding the blob, tried as a cross-repository mount; or null
     * @return true when bytes were sent (or mounted), false when the registry already had the blob
     */
    boolean upload(DescriptorDigest digest, long size, Blob blob, String mountFrom, ProgressTracker progress)
            throws IOException, RegistryException, InterruptedException {
        String name = "blob " + digest.getHash().substring(0, 12);
        if (Retry.call(() -> guard.call("checking for " + name, () -> target.checkBlob(digest))).isPresent()) {
            progress.layerDone(false, size);
            return false;
        }
        Retry.call(() -> guard.call("uploading " + name, () -> {
            LongConsumer moved = guard.movedHere();
            return target.pushBlob(digest, new WatchedBlob(blob, guard.bodyWrittenHere()), mountFrom, bytes -> {
                moved.accept(bytes);
                progress.sent(bytes);
            });
        }));
        progress.layerDone(true, size);
        return true;
    }

    /** Ends the push at once when the registry went away (a broken stream cannot tell by itself). */
    void ensureReachable(Throwable cause) throws RegistryStallException {
        guard.ensureReachable(cause);
    }

    /**
     * Settles a push of content the registry may already hold, with one or two manifest look-ups instead of a look-up
     * per blob: a manifest is only accepted once all its blobs are there.
     *
     * @return the digest when the tag now points at this manifest; empty when blobs have to be checked
     */
    Optional<DescriptorDigest> pushIfManifestKnown(ManifestTemplate manifest, String tag)
            throws IOException, RegistryException, InterruptedException, ImagePushException {
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
            return Retry.call(() -> guard.call("looking up manifest " + reference,
                    () -> target.checkManifest(reference)));
        } catch (RegistryException | ResponseException e) {
            ResponseException response = Failures.causeOf(e, ResponseException.class);
            if (response != null && response.getStatusCode() == 404) {
                return Optional.empty(); // the repository does not exist yet
            }
            throw e;
        }
    }

    /** Pushes the manifest under {@code tag}, then checks that the registry stored it. */
    DescriptorDigest pushManifest(ManifestTemplate manifest, String tag)
            throws IOException, RegistryException, InterruptedException, ImagePushException {
        DescriptorDigest expected = Digests.computeJsonDigest(manifest);
        GuardedHttpClient.forgetManifestDigest();
        Retry.call(() -> guard.call("pushing the manifest", () -> target.pushManifest(manifest, tag)));
        String answered = GuardedHttpClient.lastManifestDigest();
        if (answered != null && !answered.equals(expected.toString())) {
            throw notStored("it answered the manifest push with digest " + answered + ", not " + expected);
        }
        readBack(expected);
        return expected;
    }

    /** GET by digest: the content must hash to the digest, and the registry must name that digest too. */
    private void readBack(DescriptorDigest expected)
            throws IOException, RegistryException, InterruptedException, ImagePushException {
        GuardedHttpClient.forgetManifestDigest();
        Optional<ManifestAndDigest<ManifestTemplate>> stored;
        try {
            stored = Retry.call(() -> guard.call("reading the manifest back",
                    () -> target.checkManifest(expected.toString())));
        } catch (RegistryStallException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw notStored("what it serves under " + expected + " is not a manifest");
        } catch (IOException | RegistryException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            throw notStored("reading it back by digest failed: " + detail);
        }
        if (stored.isEmpty()) {
            throw notStored("it has no manifest " + expected);
        }
        if (!stored.get().getDigest().equals(expected)) {
            throw notStored("it serves other content under " + expected + " (content digest "
                    + stored.get().getDigest() + ")");
        }
        String header = GuardedHttpClient.lastManifestDigest();
        if (header != null && !header.equals(expected.toString())) {
            throw notStored("it names the manifest " + expected + " by digest " + header);
        }
    }

    /** Tells the guard when the blob is written out, so that its last bytes may drain from the socket buffers. */
    private record WatchedBlob(Blob blob, Runnable written) implements Blob {
        @Override
        public BlobDescriptor writeTo(OutputStream out) throws IOException {
            BlobDescriptor descriptor = blob.writeTo(out);
            written.run();
            return descriptor;
        }

        @Override
        public boolean isRetryable() {
            return blob.isRetryable();
        }
    }

    private ImagePushException notStored(String why) {
        return new ImagePushException("Push to registry " + registry + " failed: it did not store the manifest of "
                + image + " (" + why + "). Is " + registry + " a container registry?");
    }
}
