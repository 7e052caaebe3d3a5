package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob ready to upload whose digest is already known, so Jib does not hash it a second time while sending.
 *
 * @param file the bytes, or null when {@code bytes} holds them
 */
record PreparedBlob(DescriptorDigest digest, long size, Path file, byte[] bytes) implements Blob {

    static PreparedBlob ofFile(DescriptorDigest digest, Path file) throws IOException {
        return new PreparedBlob(digest, Files.size(file), file, null);
    }

    static PreparedBlob ofBytes(DescriptorDigest digest, byte[] bytes) {
        return new PreparedBlob(digest, bytes.length, null, bytes);
    }

    @Override
    public BlobDescriptor writeTo(OutputStream out) throws IOException {
        if (bytes != null) {
            out.write(bytes);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        }
        return new BlobDescriptor(size, digest);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
