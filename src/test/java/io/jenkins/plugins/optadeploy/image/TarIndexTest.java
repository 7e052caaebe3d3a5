package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarIndexTest {
    private static final String LONG_NAME = "blobs/sha256/" + "0123456789abcdef".repeat(8) + "/layer.tar";

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void readsLongNamesAndContentInPlace(int longFileMode) throws IOException {
        Path tar = work.resolve("t.tar");
        try (OutputStream out = Files.newOutputStream(tar);
                TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            archive.setLongFileMode(longFileMode);
            add(archive, "./manifest.json", "[]");
            add(archive, LONG_NAME, "x".repeat(1000));
            archive.putArchiveEntry(new TarArchiveEntry("dir/"));
            archive.closeArchiveEntry();
        }

        try (TarIndex index = TarIndex.open(tar)) {
            assertThat(index.contains("manifest.json")).isTrue();
            assertThat(index.contains(LONG_NAME)).isTrue();
            assertThat(index.contains("dir/")).isFalse();
            try (InputStream in = index.open(LONG_NAME)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(1000));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a tar", ""})
    void rejectsWhatIsNotATar(String content) throws IOException {
        Path file = Files.writeString(work.resolve("f.tar"), content.repeat(100));

        assertThatThrownBy(() -> TarIndex.open(file)).isInstanceOf(IOException.class);
    }

    private static void add(TarArchiveOutputStream archive, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        archive.putArchiveEntry(entry);
        archive.write(bytes);
        archive.closeArchiveEntry();
    }
}
