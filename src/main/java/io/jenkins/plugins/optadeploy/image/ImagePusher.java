package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestListTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Pushes an image to a registry with jib-core's registry client and returns the digest to deploy.
 *
 * <p>Local images (tarballs, OCI layouts, the Docker daemon) are pushed as they are: their config is uploaded byte for
 * byte, so the image ID is kept, and layers are gzip-compressed once at the fastest level and cached under the work
 * directory by diff ID. Into a repository without images, layers stream to the registry while they are compressed
 * ({@link StreamingUpload}); into one with images, each is compressed first, so that one the registry has is not sent.
 * Jib's own tarball base-image path is not used: it recompresses at the default level and rewrites the config.
 * Registry images are copied blob by blob; blobs the target already has are neither pulled nor sent.
 */
public final class ImagePusher {
    /** How long a registry request may move no data before the push fails (see {@link StallGuard}). */
    public static final Duration DEFAULT_STALL_TIMEOUT = StallGuard.DEFAULT_TIMEOUT;

    private final Path workDir;
    private final PushListener listener;
    private final Duration stallTimeout;

    /**
     * @param workDir where layer blobs and temporary files go, e.g. the build's temp directory; never a home directory
     */
    public ImagePusher(Path workDir, PushListener listener) {
        this(workDir, listener, null);
    }

    /** @param stallTimeout how long a registry request may move no data; null for {@link #DEFAULT_STALL_TIMEOUT} */
    public ImagePusher(Path workDir, PushListener listener, Duration stallTimeout) {
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
        this.listener = listener == null ? PushListener.NONE : listener;
        this.stallTimeout = stallTimeout == null ? DEFAULT_STALL_TIMEOUT : stallTimeout;
        if (this.stallTimeout.isNegative() || this.stallTimeout.isZero()) {
            throw new IllegalArgumentException("the push stall timeout must be positive, not " + stallTimeout);
        }
    }

    public PushedImage push(ImageSource source, ImageTarget target, RegistryAuth targetAuth)
            throws ImagePushException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        RegistryAuth auth = targetAuth == null ? RegistryAuth.none() : targetAuth;
        createWorkDir();
        if (source instanceof ImageSource.Archive archive) {
            return pushLocal(archive.tarball(), target, auth);
        }
        if (source instanceof ImageSource.DockerDaemon daemon) {
            return pushFromDaemon(daemon, target, auth);
        }
        return copyFromRegistry((ImageSource.Registry) source, target, auth);
    }

    /**
     * Resolves an external image's tag to the manifest digest it points to now (for a multi-platform image, the
     * digest of the list), without pulling anything.
     *
     * @return {@code sha256:...}
     */
    public String resolveDigest(String externalReference, RegistryAuth auth) throws ImagePushException {
        ImageReference reference = parse(externalReference);
        if (reference.getDigest().isPresent()) {
            return reference.getDigest().get();
        }
        RegistryAuth credentials = auth == null ? RegistryAuth.none() : auth;
        RegistryConnection connection =
                RegistryConnection.open(reference.getRegistry(), false, credentials, stallTimeout, listener::log);
        try {
            RegistryClient client = connection.client(reference.getRepository(), false);
            Optional<ManifestAndDigest<ManifestTemplate>> found = Retry.call(() -> connection.guard().call(
                    "looking up " + externalReference, () -> client.checkManifest(reference.getQualifier())));
            if (found.isEmpty()) {
                throw new ImagePushException("Image " + externalReference + " does not exist in "
                        + reference.getRegistry() + ".");
            }
            return found.get().getDigest().toString();
        } catch (IOException | RegistryException e) {
            throw Failures.describe(e, reference.getRegistry(), reference.getRepository(), credentials.isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePushException("Interrupted while resolving " + externalReference + ".");
        } finally {
            connection.close();
        }
    }

    private PushedImage pushFromDaemon(ImageSource.DockerDaemon daemon, ImageTarget target, RegistryAuth auth)
            throws ImagePushException {
        Path tarball;
        try {
            tarball = Files.createTempFile(workDir, "docker-save-", ".tar");
        } catch (IOException e) {
            throw new ImagePushException("Cannot write to work directory " + workDir + ": " + e.getMessage(), e);
        }
        try {
            listener.log("Reading " + daemon.image() + " from the local Docker daemon");
            DockerCli.save(daemon.dockerCommand(), daemon.image(), tarball);
            return pushLocal(tarball, target, auth);
        } finally {
            try {
                Files.deleteIfExists(tarball);
            } catch (IOException ignored) {
                // left in the build's temp directory, which the build removes
            }
        }
    }

    private PushedImage pushLocal(Path path, ImageTarget target, RegistryAuth auth) throws ImagePushException {
        String where = path.toString();
        try (LocalImage image = ImageArchiveReader.open(path)) {
            RegistryConnection connection = RegistryConnection.open(target.registry(), target.allowInsecure(), auth,
                    stallTimeout, listener::log);
            try (LocalImagePush push = new LocalImagePush(image, where, target, connection, workDir, listener)) {
                return push.run();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ImagePushException pushFailure) {
                    throw pushFailure;
                }
                throw Failures.describe(e.getCause(), target.registry(), target.repository(), auth.isPresent());
            } catch (IOException | RegistryException e) {
                throw Failures.describe(e, target.registry(), target.repository(), auth.isPresent());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImagePushException("Interrupted while pushing " + target + ".");
            }
        } catch (IOException e) {
            throw new ImagePushException("Cannot close image archive " + where + ": " + e.getMessage(), e);
        }
    }

    private PushedImage copyFromRegistry(ImageSource.Registry source, ImageTarget target, RegistryAuth auth)
            throws ImagePushException {
        ImageReference from = parse(source.reference());
        RegistryConnection sourceConnection = RegistryConnection.open(from.getRegistry(), target.allowInsecure(),
                source.auth(), stallTimeout, listener::log);
        RegistryConnection targetConnection;
        try {
            targetConnection = RegistryConnection.open(target.registry(), target.allowInsecure(), auth, stallTimeout,
                    listener::log);
        } catch (ImagePushException e) {
            sourceConnection.close();
            throw e;
        }
        boolean sameRegistry = from.getRegistry().equals(target.registry());
        String stage = "reading " + from;
        ExecutorService pool = null;
        try {
            RegistryClient reader = sourceConnection.client(from.getRepository(), false);
            BuildableManifestTemplate manifest = singleImageManifest(reader, sourceConnection.guard(), from);
            stage = "pushing " + target;
            BlobUploader uploader = new BlobUploader(targetConnection.client(target.repository(), true),
                    targetConnection.guard(), target.registry(), target.toString());
            List<BuildableManifestTemplate.ContentDescriptorTemplate> blobs = new ArrayList<>(manifest.getLayers());
            blobs.add(manifest.getContainerConfiguration());
            ProgressTracker progress = new ProgressTracker(listener, manifest.getLayers().size());
            manifest.getLayers().forEach(layer -> progress.known(layer.getSize()));
            ProgressTracker configProgress = new ProgressTracker(PushListener.NONE, 0);
            pool = PushThreads.uploads("copy", blobs.size());
            List<Future<Boolean>> uploads = new ArrayList<>();
            for (BuildableManifestTemplate.ContentDescriptorTemplate blob : blobs) {
                // the source blob is only pulled if the target has it neither itself nor by mount
                uploads.add(pool.submit(() -> uploader.upload(blob.getDigest(), blob.getSize(),
                        reader.pullBlob(blob.getDigest(), size -> {}, bytes -> {}),
                        sameRegistry ? from.getRepository() : null,
                        blob == manifest.getContainerConfiguration() ? configProgress : progress)));
            }
            for (Future<Boolean> upload : uploads) {
                PushThreads.await(upload, sourceConnection.guard(), targetConnection.guard());
            }
            DescriptorDigest digest = uploader.pushManifest(manifest, target.tag());
            return new PushedImage(target.repositoryUrl(), target.tag(), digest.toString());
        } catch (ExecutionException e) {
            throw Failures.describe(e.getCause(), target.registry(), target.repository(), auth.isPresent());
        } catch (IOException | RegistryException e) {
            boolean reading = stage.startsWith("reading");
            throw Failures.describe(e, reading ? from.getRegistry() : target.registry(),
                    reading ? from.getRepository() : target.repository(),
                    reading ? source.auth().isPresent() : auth.isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePushException("Interrupted while " + stage + ".");
        } finally {
            sourceConnection.close();
            targetConnection.close();
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** The image manifest behind a reference; for a multi-platform image, its linux/amd64 entry. */
    private static BuildableManifestTemplate singleImageManifest(RegistryClient reader, StallGuard guard,
            ImageReference from) throws IOException, RegistryException, InterruptedException, ImagePushException {
        ManifestTemplate manifest;
        try {
            manifest = Retry.call(() -> guard.call("reading the manifest of " + from,
                    () -> reader.pullManifest(from.getQualifier()))).getManifest();
        } catch (RegistryException e) {
            ResponseException response = RegistryConnection.causeOf(e, ResponseException.class);
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

    private static ImageReference parse(String reference) throws ImagePushException {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new ImagePushException("'" + reference + "' is not a valid image reference.");
        }
    }

    private void createWorkDir() throws ImagePushException {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new ImagePushException("Cannot create work directory " + workDir + ": " + e.getMessage(), e);
        }
    }

}
