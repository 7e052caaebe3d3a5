package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * An image read from a tarball or OCI layout: the config bytes exactly as written (so the image ID survives the push)
 * and its layers, opened lazily.
 */
record LocalImage(byte[] config, boolean oci, List<Layer> layers, Closeable resource) implements Closeable {

    /** Reads a layer's bytes as stored: a tar, or a compressed tar. */
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * @param diffId digest of the uncompressed layer tar, from the config
     * @param storedDigest digest of the stored bytes when the source names it (OCI blobs), else null
     * @param file the stored bytes as a file of their own (OCI layout directory), else null
     * @param storedSize length of the stored bytes: what a compressed blob of it weighs at most, for progress
     */
    record Layer(int index, DescriptorDigest diffId, DescriptorDigest storedDigest, Path file, long storedSize,
            Content content) {}

    @Override
    public void close() throws IOException {
        resource.close();
    }
}
