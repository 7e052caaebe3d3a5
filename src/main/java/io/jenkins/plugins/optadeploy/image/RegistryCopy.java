package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate.ContentDescriptorTemplate;
import com.google.cloud.tools.jib.image.json.ManifestListTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Copies an image from another registry into the AUTO repository, blob by blob: a blob the target has, itself or by a
 * mount within the same registry, is neither pulled nor sent. Owns both connections, which {@link #close} releases.
 */
final class RegistryCopy implements AutoCloseable {
    private final ImageReference from;
    private final ImageTarget target;
    private final RegistryConnection source;
    private final RegistryConnection destination;
    private final PushListener listener;

    /** Takes over both connections: they are closed with this copy. */
    RegistryCopy(ImageReference from, RegistryConnection source, ImageTarget target, RegistryConnection destination,
            PushListener listener) {
        this.from = from;
        this.source = source;
        this.target = target;
        this.destination = destination;
        this.listener = listener;
    }

    /** The source's manifest: the first step, whose failures are the source registry's. */
    BuildableManifestTemplate read() throws IOException, RegistryException, InterruptedException, ImagePushException {
        return singleImageManifest(source.client(from.getRepository(), false));
    }

    PushedImage push(BuildableManifestTemplate manifest) throws IOException, RegistryException, InterruptedException,
            ExecutionException, ImagePushException {
        RegistryClient reader = source.client(from.getRepository(), false);
        BlobUploader uploader = new BlobUploader(destination.client(target.repository(), true), destination.guard(),
                target.registry(), target.toString());
        List<ContentDescriptorTemplate> blobs = new ArrayList<>(manifest.getLayers());
        blobs.add(manifest.getContainerConfiguration());
        ProgressTracker progress = new ProgressTracker(listener, manifest.getLayers().size());
        manifest.getLayers().forEach(layer -> progress.known(layer.getSize()));
        ProgressTracker configProgress = new ProgressTracker(PushListener.NONE, 0);
        String mountFrom = from.getRegistry().equals(target.registry()) ? from.getRepository() : null;
        ExecutorService pool = PushThreads.uploads("copy", blobs.size());
        try {
            List<Future<Boolean>> uploads = new ArrayList<>();
            for (ContentDescriptorTemplate blob : blobs) {
                // the source blob is only pulled if the target has it neither itself nor by mount
                uploads.add(pool.submit(() -> uploader.upload(blob.getDigest(), blob.getSize(),
                        reader.pullBlob(blob.getDigest(), size -> {}, bytes -> {}), mountFrom,
                        blob == manifest.getContainerConfiguration() ? configProgress : progress)));
            }
            for (Future<Boolean> upload : uploads) {
                PushThreads.await(upload, source.guard(), destination.guard());
            }
        } finally {
            pool.shutdownNow();
        }
        DescriptorDigest digest = uploader.pushManifest(manifest, target.tag());
        return new PushedImage(target.repositoryUrl(), target.tag(), digest.toString());
    }

    /** The image manifest behind the reference; for a multi-platform image, its linux/amd64 entry. */
    private BuildableManifestTemplate singleImageManifest(RegistryClient reader)
            throws IOException, RegistryException, InterruptedException, ImagePushException {
        StallGuard guard = source.guard();
        ManifestTemplate manifest;
        try {
            manifest = Retry.call(() -> guard.call("reading the manifest of " + from,
                    () -> reader.pullManifest(from.getQualifier()))).getManifest();
        } catch (RegistryException e) {
            ResponseException response = Failures.causeOf(e, ResponseException.class);
            if (response != null && response.getStatusCode() == 404) {
                throw new ImagePushException("Image " + from + " does not exist in registry " + from.getRegistry()
                        + ".");
            }
            throw e;
        }
        if (manifest instanceof ManifestListTemplate list) {
            List<String> digests = list.getDigestsForPlatform("amd64", "linux");
            if (digests.isEmpty()) {
                throw new ImagePushException("Image " + from + " has no linux/amd64 variant.");
            }
            manifest = Retry.call(() -> guard.call("reading the manifest of " + from,
                    () -> reader.pullManifest(digests.get(0)))).getManifest();
        }
        if (!(manifest instanceof BuildableManifestTemplate buildable)) {
            throw new ImagePushException("Image " + from + " uses the obsolete Docker schema 1 manifest; push it"
                    + " again with a current Docker or skopeo.");
        }
        return buildable;
    }

    @Override
    public void close() {
        source.close();
        destination.close();
    }
}
