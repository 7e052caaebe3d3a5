package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

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
        try (RegistryCopy copy = new RegistryCopy(from, sourceConnection, target, targetConnection, listener)) {
            BuildableManifestTemplate manifest;
            try {
                manifest = copy.read();
            } catch (IOException | RegistryException e) {
                throw Failures.describe(e, from.getRegistry(), from.getRepository(), source.auth().isPresent());
            }
            return copy.push(manifest);
        } catch (ExecutionException e) {
            throw Failures.describe(e.getCause(), target.registry(), target.repository(), auth.isPresent());
        } catch (IOException | RegistryException e) {
            throw Failures.describe(e, target.registry(), target.repository(), auth.isPresent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePushException("Interrupted while copying " + from + " to " + target + ".");
        }
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
