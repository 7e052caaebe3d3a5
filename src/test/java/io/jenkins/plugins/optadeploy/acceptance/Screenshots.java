package io.jenkins.plugins.optadeploy.acceptance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Pictures of Jenkins pages with Debian's headless Chromium, for people to look at; none when no folder is given. */
final class Screenshots {
    private final Path folder;
    private final RealJenkins jenkins;

    private Screenshots(Path folder, RealJenkins jenkins) {
        this.folder = folder;
        this.jenkins = jenkins;
    }

    static Screenshots from(String folder, RealJenkins jenkins) throws IOException {
        return new Screenshots(folder == null || folder.isBlank() ? null : Files.createDirectories(Path.of(folder)),
                jenkins);
    }

    void take(String name, String path) throws IOException, InterruptedException {
        take(name, path, 2000);
    }

    void take(String name, String path, int height) throws IOException, InterruptedException {
        if (folder == null) {
            return;
        }
        Path profile = Files.createTempDirectory("chromium");
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000",
                "--screenshot=" + folder.resolve(name + ".png"), "--window-size=1280," + height, jenkins.url() + path)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
