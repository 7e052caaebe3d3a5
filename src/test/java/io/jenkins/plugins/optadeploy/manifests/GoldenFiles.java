package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reviewed expected renderings under {@code src/test/resources/manifests/}. Run with {@code -Dopta.golden.update=true}
 * to rewrite them after an intended change, then review the diff before committing.
 */
final class GoldenFiles {
    static final boolean UPDATE = Boolean.getBoolean("opta.golden.update");

    private GoldenFiles() {}

    static Path directory() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "manifests");
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = directory().resolve(name);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file %s (create or refresh with -Dopta.golden.update=true, then review)", file).exists();
        assertThat(actual).as("rendering differs from %s", file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
