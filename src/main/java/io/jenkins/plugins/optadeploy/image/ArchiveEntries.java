package io.jenkins.plugins.optadeploy.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The files of a local image: in a tar, read in place, or in an OCI layout directory. */
interface ArchiveEntries extends Closeable {
    boolean exists(String name);

    InputStream open(String name) throws IOException;

    /** The entry as a file of its own, when it is one; else null. */
    Path file(String name);

    /** The entry's length in bytes. */
    long size(String name) throws IOException;

    record Tar(TarIndex tar) implements ArchiveEntries {
        @Override
        public boolean exists(String name) {
            return tar.contains(name);
        }

        @Override
        public InputStream open(String name) throws IOException {
            return tar.open(name);
        }

        @Override
        public Path file(String name) {
            return null;
        }

        @Override
        public long size(String name) {
            return tar.size(name);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    record Directory(Path root) implements ArchiveEntries {
        @Override
        public boolean exists(String name) {
            Path file = resolve(name);
            return file != null && Files.isRegularFile(file);
        }

        @Override
        public InputStream open(String name) throws IOException {
            Path file = resolve(name);
            if (file == null) {
                throw new NoSuchFileException(name);
            }
            return Files.newInputStream(file);
        }

        @Override
        public Path file(String name) {
            return resolve(name);
        }

        @Override
        public long size(String name) throws IOException {
            Path file = resolve(name);
            if (file == null) {
                throw new NoSuchFileException(name);
            }
            return Files.size(file);
        }

        // Entry names come from the image's own JSON: never let them point outside the layout.
        private Path resolve(String name) {
            Path file = root.resolve(name).normalize();
            return file.startsWith(root.normalize()) ? file : null;
        }

        @Override
        public void close() {}
    }
}
