package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns local layers into gzip blobs for the registry, kept under the caller's directory and keyed by the layer's
 * diff ID so an unchanged layer is compressed once.
 *
 * <p>Why not Jib's tarball base image: Jib recompresses every uncompressed docker-archive layer on one thread at zlib's
 * default level 6 and rewrites the image config. {@link ParallelGzip} compresses on every core, at level 1, and stores
 * incompressible stretches; layers that arrive compressed (OCI, kaniko) are used as they are.
 */
final class LayerBlobCache {
    private final Path directory;
    private final ParallelGzip gzip;

    LayerBlobCache(Path directory, ParallelGzip gzip) {
        this.directory = directory;
        this.gzip = gzip;
    }

    /** The layer's blob when it needs no work: an OCI layout's gzip file, or compressed before. */
    Optional<PreparedBlob> ready(LocalImage.Layer layer) throws IOException {
        if (layer.file() != null && layer.storedDigest() != null && isGzip(layer.file())) {
            // OCI layout: the blob file is already what the registry stores, named by its digest
            return Optional.of(PreparedBlob.ofFile(layer.storedDigest(), layer.file()));
        }
        Path blob = blobFile(layer);
        Path digestFile = digestFile(layer);
        if (Files.isRegularFile(digestFile) && Files.isRegularFile(blob)) {
            return Optional.of(PreparedBlob.ofFile(readDigest(digestFile), blob));
        }
        return Optional.empty();
    }

    /**
     * Makes the layer's blob and keeps it, writing it to {@code alsoTo} too as it is made. A layer that does not match
     * its diff ID (or digest) is not kept; it has been written to {@code alsoTo} all the same.
     */
    PreparedBlob create(String where, LocalImage.Layer layer, OutputStream alsoTo)
            throws IOException, ImagePushException {
        Path blob = blobFile(layer);
        Path digestFile = digestFile(layer);
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, "layer-", ".partial");
        try {
            DescriptorDigest digest = write(where, layer, partial, alsoTo);
            move(partial, blob);
            Path digestPartial = Files.createTempFile(directory, "digest-", ".partial");
            Files.writeString(digestPartial, digest.toString(), StandardCharsets.US_ASCII);
            move(digestPartial, digestFile);
            return PreparedBlob.ofFile(digest, blob);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private Path blobFile(LocalImage.Layer layer) {
        return directory.resolve(layer.diffId().getHash() + ".tar.gz");
    }

    private Path digestFile(LocalImage.Layer layer) {
        return directory.resolve(layer.diffId().getHash() + ".digest");
    }

    private DescriptorDigest write(String where, LocalImage.Layer layer, Path target, OutputStream alsoTo)
            throws IOException, ImagePushException {
        MessageDigest stored = sha256();
        try (InputStream in = layer.content().open();
                DigestOutputStream out =
                        new DigestOutputStream(new Tee(Files.newOutputStream(target), alsoTo), stored)) {
            byte[] first = ParallelGzip.readChunk(in);
            if (isGzip(first)) {
                out.write(first);
                in.transferTo(out);
                DescriptorDigest digest = toDigest(stored);
                if (layer.storedDigest() != null && !layer.storedDigest().equals(digest)) {
                    throw ImageArchiveReader.corrupt(where, "layer " + (layer.index() + 1)
                            + " does not match its digest " + layer.storedDigest());
                }
                return digest;
            }
            if (isZstd(first)) {
                throw new ImagePushException("Layer " + (layer.index() + 1) + " of " + where
                        + " is zstd-compressed, which this plugin does not push; build the image with gzip layers.");
            }
            MessageDigest uncompressed = sha256();
            gzip.compress(first, in, out, uncompressed);
            if (!toDigest(uncompressed).equals(layer.diffId())) {
                throw ImageArchiveReader.corrupt(where, "layer " + (layer.index() + 1)
                        + " does not match its diff ID " + layer.diffId());
            }
            return toDigest(stored);
        }
    }

    /** The cache file, and a copy to a stream that stays open. */
    private static final class Tee extends OutputStream {
        private final OutputStream file;
        private final OutputStream copy;

        Tee(OutputStream file, OutputStream copy) {
            this.file = file;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            file.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            file.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isGzip(in.readNBytes(2));
        }
    }

    private static boolean isGzip(byte[] magic) {
        return magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    private static boolean isZstd(byte[] magic) {
        return magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd;
    }

    private static DescriptorDigest readDigest(Path file) throws IOException {
        try {
            return DescriptorDigest.fromDigest(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (DigestException e) {
            throw new IOException("damaged layer cache entry " + file, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static DescriptorDigest toDigest(MessageDigest digest) {
        try {
            return DescriptorDigest.fromHash(HexFormat.of().formatHex(digest.digest()));
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 hex string is a valid digest", e);
        }
    }
}
