package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.OciManifestTemplate;
import com.google.cloud.tools.jib.image.json.V22ManifestTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One push of a local image (a tarball, an OCI layout, a saved daemon image): its config is uploaded byte for byte
 * and its layers compressed once into the cache, streamed or uploaded, then the manifest is pushed. Owns the
 * connection and the pools of that push, which {@link #close} releases.
 */
final class LocalImagePush implements AutoCloseable {
    private final LocalImage image;
    private final String where;
    private final ImageTarget target;
    private final RegistryConnection connection;
    private final PushListener listener;
    private final ExecutorService uploads;
    private final ExecutorService compressors;
    private final LayerBlobCache cache;
    private final ProgressTracker progress;

    /** Takes over {@code connection}: it is closed with this push. */
    LocalImagePush(LocalImage image, String where, ImageTarget target, RegistryConnection connection, Path workDir,
            PushListener listener) {
        this.image = image;
        this.where = where;
        this.target = target;
        this.connection = connection;
        this.listener = listener;
        int cores = Runtime.getRuntime().availableProcessors();
        this.uploads = PushThreads.uploads("upload", image.layers().size() + 1);
        this.compressors = PushThreads.pool("gzip", cores);
        this.cache = new LayerBlobCache(workDir.resolve("layers"), new ParallelGzip(compressors, cores));
        this.progress = new ProgressTracker(listener, image.layers().size());
    }

    PushedImage run() throws IOException, RegistryException, InterruptedException, ExecutionException,
            ImagePushException {
        BlobUploader uploader = new BlobUploader(connection.client(target.repository(), true), connection.guard(),
                target.registry(), target.toString());
        PreparedBlob config = PreparedBlob.ofBytes(digestOf(image.config()), image.config());
        List<Optional<PreparedBlob>> cached = new ArrayList<>();
        for (LocalImage.Layer layer : image.layers()) {
            cached.add(cache.ready(layer));
        }
        if (cached.stream().allMatch(Optional::isPresent)) {
            Optional<DescriptorDigest> unchanged = uploader.pushIfManifestKnown(manifest(config, cached), target.tag());
            if (unchanged.isPresent()) {
                listener.log("Registry already has " + target + " as " + unchanged.get() + "; nothing uploaded");
                return pushed(unchanged.get());
            }
        }
        Future<?> configUpload = uploads.submit(() -> uploader.upload(
                config.digest(), config.size(), config, null, new ProgressTracker(PushListener.NONE, 0)));
        List<Future<PreparedBlob>> layers = sendLayers(cached, uploader);
        List<Optional<PreparedBlob>> sent = new ArrayList<>();
        for (Future<PreparedBlob> layer : layers) {
            sent.add(Optional.of(PushThreads.await(layer, connection.guard())));
        }
        PushThreads.await(configUpload, connection.guard());
        return pushed(uploader.pushManifest(manifest(config, sent), target.tag()));
    }

    /**
     * A repository without images holds none of the layers: they stream to the registry while they are compressed.
     * Otherwise each is compressed first and sent only if the registry lacks its digest.
     */
    private List<Future<PreparedBlob>> sendLayers(List<Optional<PreparedBlob>> cached, BlobUploader uploader)
            throws IOException, RegistryException, ImagePushException {
        Optional<StreamingUpload> streaming = cached.stream().anyMatch(Optional::isEmpty)
                ? connection.streaming(target.repository()).filter(StreamingUpload::repositoryIsEmpty)
                : Optional.empty();
        for (int i = 0; i < cached.size(); i++) {
            if (cached.get(i).isPresent()) {
                progress.known(cached.get(i).get().size());
            } else {
                progress.estimated(image.layers().get(i).storedSize());
            }
        }
        List<Future<PreparedBlob>> layers = new ArrayList<>();
        for (int i = 0; i < cached.size(); i++) {
            LocalImage.Layer layer = image.layers().get(i);
            Optional<PreparedBlob> ready = cached.get(i);
            if (ready.isPresent()) {
                layers.add(uploads.submit(() -> uploaded(uploader, ready.get())));
            } else if (streaming.isPresent()) {
                layers.add(uploads.submit(() -> streamed(streaming.get(), layer, uploader)));
            } else {
                // one layer at a time gets every core for compression while earlier layers upload
                PreparedBlob blob = cache.create(where, layer, OutputStream.nullOutputStream());
                progress.settled(layer.storedSize(), blob.size());
                layers.add(uploads.submit(() -> uploaded(uploader, blob)));
            }
        }
        return layers;
    }

    private PreparedBlob uploaded(BlobUploader uploader, PreparedBlob blob)
            throws IOException, RegistryException, InterruptedException {
        uploader.upload(blob.digest(), blob.size(), blob, null, progress);
        return blob;
    }

    /** Streams a layer; when the registry fails transiently on the way, uploads it the usual way, with retries. */
    private PreparedBlob streamed(StreamingUpload streaming, LocalImage.Layer layer, BlobUploader uploader)
            throws IOException, RegistryException, InterruptedException, ImagePushException {
        PreparedBlob blob;
        try {
            blob = streaming.upload(out -> cache.create(where, layer, out), progress::sent);
        } catch (IOException e) {
            if (!Retry.isTransient(e)) {
                throw e;
            }
            uploader.ensureReachable(e);
            Optional<PreparedBlob> kept = cache.ready(layer);
            PreparedBlob again = kept.isPresent() ? kept.get() : cache.create(where, layer, OutputStream.nullOutputStream());
            progress.settled(layer.storedSize(), again.size());
            return uploaded(uploader, again);
        }
        progress.settled(layer.storedSize(), blob.size());
        progress.layerDone(true, blob.size());
        return blob;
    }

    private BuildableManifestTemplate manifest(PreparedBlob config, List<Optional<PreparedBlob>> layers) {
        BuildableManifestTemplate manifest = image.oci() ? new OciManifestTemplate() : new V22ManifestTemplate();
        manifest.setContainerConfiguration(config.size(), config.digest());
        for (Optional<PreparedBlob> layer : layers) {
            manifest.addLayer(layer.orElseThrow().size(), layer.orElseThrow().digest());
        }
        return manifest;
    }

    private PushedImage pushed(DescriptorDigest digest) {
        return new PushedImage(target.repositoryUrl(), target.tag(), digest.toString());
    }

    private static DescriptorDigest digestOf(byte[] bytes) {
        var sha = LayerBlobCache.sha256();
        sha.update(bytes);
        return LayerBlobCache.toDigest(sha);
    }

    @Override
    public void close() {
        connection.close();
        uploads.shutdownNow();
        compressors.shutdownNow();
    }
}
