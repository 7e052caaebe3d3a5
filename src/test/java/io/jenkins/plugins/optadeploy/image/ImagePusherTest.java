package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.optadeploy.testing.FaultInjectingProxy;
import io.jenkins.plugins.optadeploy.testing.RegistryApi;
import io.jenkins.plugins.optadeploy.testing.RegistryServer;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes every kind of source to a real registry and checks the result through the registry's own API. */
class ImagePusherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(15);

    @TempDir
    static Path shared;

    static RegistryServer registry;
    static TestImages.Image image;
    static Path dockerArchive;

    @TempDir
    Path work;

    final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    final List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
    final PushListener listener = new PushListener() {
        @Override
        public void progress(long bytesUploaded, long bytesTotal, int layersDone, int layersTotal) {
            progress.add(new long[] {bytesUploaded, bytesTotal, layersDone, layersTotal});
        }

        @Override
        public void log(String line) {
            logs.add(line);
        }
    };

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = RegistryServer.start(shared.resolve("registry"));
        image = TestImages.image(2 << 20, 1);
        dockerArchive = TestImages.dockerArchive(shared.resolve("image.tar"), image);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    ImagePusher pusher() {
        return new ImagePusher(work.resolve("cache"), listener);
    }

    ImageTarget target(String repository, String tag) {
        return new ImageTarget(registry.address(), repository, tag, false);
    }

    @Test
    void pushesDockerArchiveKeepingConfigAndLayerContent() throws Exception {
        PushedImage pushed = pusher().push(new ImageSource.Archive(dockerArchive), target("hello/app", "1"),
                RegistryAuth.none());

        RegistryApi api = new RegistryApi(registry.address());
        RegistryApi.Manifest manifest = api.manifest("hello/app", "1");
        assertThat(pushed.digest()).startsWith("sha256:").isEqualTo(manifest.digest());
        assertThat(pushed.repository()).isEqualTo(registry.address() + "/hello/app");
        assertThat(pushed.reference()).isEqualTo(registry.address() + "/hello/app@" + manifest.digest());
        assertThat(pushed.dockerRepoUrl()).isEqualTo(pushed.repository());
        assertThat(manifest.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");

        JsonNode json = JSON.readTree(manifest.json());
        assertThat(json.path("config").path("digest").asText()).isEqualTo(image.configDigest());
        assertThat(api.blob("hello/app", image.configDigest())).isEqualTo(image.config());
        for (int i = 0; i < image.layerTars().size(); i++) {
            byte[] blob = api.blob("hello/app", json.path("layers").get(i).path("digest").asText());
            assertThat(TestImages.sha256(gunzip(blob))).isEqualTo(image.diffIds().get(i));
        }
        assertThat(progress).isNotEmpty();
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[3]).isEqualTo(2);
        assertThat(progress.stream().mapToLong(p -> p[2]).max().getAsLong()).isEqualTo(2);
        assertThat(progress.stream().mapToLong(p -> p[0]).max().getAsLong()).isPositive();
    }

    @Test
    void secondPushUploadsNoBlobAndGivesTheSameDigest() throws Exception {
        ImagePusher pusher = pusher();
        int uploadsBefore = registry.blobUploads();
        PushedImage first = pusher.push(new ImageSource.Archive(dockerArchive), target("again/app", "1"),
                RegistryAuth.none());
        int uploadsAfterFirst = registry.blobUploads();
        assertThat(uploadsAfterFirst).as("layers and config uploaded once").isEqualTo(uploadsBefore + 3);

        PushedImage second = pusher.push(new ImageSource.Archive(dockerArchive), target("again/app", "2"),
                RegistryAuth.none());

        assertThat(registry.blobUploads()).isEqualTo(uploadsAfterFirst);
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(new RegistryApi(registry.address()).manifest("again/app", "2").digest()).isEqualTo(first.digest());
    }

    @Test
    void layersTheRepositoryHasAreNotUploadedAgain() throws Exception {
        ImagePusher pusher = pusher();
        pusher.push(new ImageSource.Archive(dockerArchive), target("shared/app", "1"), RegistryAuth.none());
        int uploads = registry.blobUploads();
        byte[] newConfig = new String(image.config(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("SEED=1", "SEED=99").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path sameLayers = TestImages.dockerArchive(work.resolve("same-layers.tar"),
                new TestImages.Image(newConfig, image.layerTars()));

        PushedImage second = pusher.push(new ImageSource.Archive(sameLayers), target("shared/app", "2"),
                RegistryAuth.none());

        assertThat(registry.blobUploads()).as("only the new config").isEqualTo(uploads + 1);
        assertThat(JSON.readTree(new RegistryApi(registry.address()).manifest("shared/app", "2").json())
                        .path("config").path("digest").asText())
                .isEqualTo(TestImages.sha256(newConfig))
                .isNotEqualTo(image.configDigest());
        assertThat(second.digest()).isNotEqualTo(pusher.push(new ImageSource.Archive(dockerArchive),
                target("shared/app", "1"), RegistryAuth.none()).digest());
    }

    @Test
    void layersTheRepositoryHasAreNotUploadedAgainByANewBuild() throws Exception {
        pusher().push(new ImageSource.Archive(dockerArchive), target("builds/app", "1"), RegistryAuth.none());
        int uploads = registry.blobUploads();
        byte[] newConfig = new String(image.config(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("SEED=1", "SEED=2").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path sameLayers = TestImages.dockerArchive(work.resolve("build-2.tar"),
                new TestImages.Image(newConfig, image.layerTars()));

        // the next build has a work directory of its own: nothing cached, the layers are compressed again
        PushedImage second = new ImagePusher(work.resolve("next-build"), listener)
                .push(new ImageSource.Archive(sameLayers), target("builds/app", "2"), RegistryAuth.none());

        assertThat(registry.blobUploads()).as("only the new config").isEqualTo(uploads + 1);
        assertThat(new RegistryApi(registry.address()).manifest("builds/app", "2").digest())
                .isEqualTo(second.digest());
    }

    @Test
    void aLayerStreamTheRegistryBreaksOffIsUploadedAgainWithRetries() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.address(),
                request -> request.startsWith("PATCH "), 503, 1)) {
            PushedImage pushed = pusher().push(new ImageSource.Archive(dockerArchive),
                    new ImageTarget(proxy.address(), "broken-stream/app", "1", false), RegistryAuth.none());

            assertThat(proxy.faultsServed()).isEqualTo(1);
            RegistryApi api = new RegistryApi(registry.address());
            assertThat(api.manifest("broken-stream/app", "1").digest()).isEqualTo(pushed.digest());
            JsonNode layers = JSON.readTree(api.manifest("broken-stream/app", "1").json()).path("layers");
            for (int i = 0; i < image.layerTars().size(); i++) {
                byte[] blob = api.blob("broken-stream/app", layers.get(i).path("digest").asText());
                assertThat(TestImages.sha256(gunzip(blob))).isEqualTo(image.diffIds().get(i));
            }
            assertThat(logs).noneMatch(line -> line.contains("will NOT be retried"));
        }
    }

    @Test
    void pushesGzipLayersOfADockerArchiveAsTheyAre() throws Exception {
        TestImages.Image kaniko = TestImages.image(1 << 20, 2);
        Path tarball = TestImages.dockerArchiveGzipLayers(work.resolve("kaniko.tar"), kaniko);

        pusher().push(new ImageSource.Archive(tarball), target("kaniko/app", "1"), RegistryAuth.none());

        JsonNode json = JSON.readTree(new RegistryApi(registry.address()).manifest("kaniko/app", "1").json());
        assertThat(json.path("layers").get(0).path("digest").asText())
                .isEqualTo(TestImages.ociLayerDigest(kaniko, 0));
    }

    @Test
    void pushesOciLayoutDirectoryWithItsOwnBlobs() throws Exception {
        TestImages.Image oci = TestImages.image(1 << 20, 3);
        Path layout = TestImages.ociLayout(work.resolve("layout"), oci);

        PushedImage pushed = pusher().push(new ImageSource.Archive(layout), target("oci/layout", "1"),
                RegistryAuth.none());

        RegistryApi.Manifest manifest = new RegistryApi(registry.address()).manifest("oci/layout", "1");
        assertThat(manifest.digest()).isEqualTo(pushed.digest());
        assertThat(manifest.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode json = JSON.readTree(manifest.json());
        assertThat(json.path("config").path("digest").asText()).isEqualTo(oci.configDigest());
        assertThat(json.path("layers").get(1).path("digest").asText()).isEqualTo(TestImages.ociLayerDigest(oci, 1));
    }

    @Test
    void pushesOciArchive() throws Exception {
        TestImages.Image oci = TestImages.image(1 << 20, 4);
        Path tarball = TestImages.ociArchive(work.resolve("oci.tar"), oci);

        PushedImage pushed = pusher().push(new ImageSource.Archive(tarball), target("oci/archive", "7"),
                RegistryAuth.none());

        RegistryApi.Manifest manifest = new RegistryApi(registry.address()).manifest("oci/archive", "7");
        assertThat(manifest.digest()).isEqualTo(pushed.digest());
        assertThat(JSON.readTree(manifest.json()).path("layers").get(0).path("digest").asText())
                .isEqualTo(TestImages.ociLayerDigest(oci, 0));
    }

    @Test
    void pushesFromTheDockerDaemonThroughTheDockerCli() throws Exception {
        Path docker = fakeDocker(dockerArchive, "team/app:42");

        PushedImage pushed = pusher().push(new ImageSource.DockerDaemon("team/app:42", docker.toString()),
                target("daemon/app", "42"), RegistryAuth.none());

        assertThat(new RegistryApi(registry.address()).manifest("daemon/app", "42").digest())
                .isEqualTo(pushed.digest());
        try (var files = Files.list(work.resolve("cache"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tar"));
        }
    }

    @Test
    void unknownDaemonImageIsReported() throws Exception {
        Path docker = fakeDocker(dockerArchive, "team/app:42");

        assertThatThrownBy(() -> pusher().push(new ImageSource.DockerDaemon("team/other:1", docker.toString()),
                        target("daemon/app", "1"), RegistryAuth.none()))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining("team/other:1 is not in the local Docker daemon")
                .hasMessageContaining("No such image");
    }

    @Test
    void missingDockerCliIsReported() {
        assertThatThrownBy(() -> pusher().push(
                        new ImageSource.DockerDaemon("team/app:1", work.resolve("no-docker").toString()),
                        target("daemon/app", "1"), RegistryAuth.none()))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining("Cannot run the docker CLI");
    }

    @Test
    void copiesBetweenRepositoriesWithoutUploadingBlobs() throws Exception {
        PushedImage original = pusher().push(new ImageSource.Archive(dockerArchive), target("copy/source", "1"),
                RegistryAuth.none());
        int uploads = registry.blobUploads();

        PushedImage copy = pusher().push(
                new ImageSource.Registry(registry.address() + "/copy/source:1", RegistryAuth.none()),
                target("copy/target", "1"), RegistryAuth.none());

        assertThat(copy.digest()).isEqualTo(original.digest());
        assertThat(registry.blobUploads()).isEqualTo(uploads);
        assertThat(new RegistryApi(registry.address()).manifest("copy/target", "1").digest())
                .isEqualTo(original.digest());
    }

    @Test
    void copiesToAnotherRegistryPullingOnlyWhatTheTargetLacks() throws Exception {
        pusher().push(new ImageSource.Archive(dockerArchive), target("mirror/source", "1"), RegistryAuth.none());
        try (RegistryServer other = RegistryServer.start(work.resolve("other"))) {
            ImageSource source = new ImageSource.Registry(registry.address() + "/mirror/source:1", RegistryAuth.none());
            int pulled = registry.blobDownloads();

            PushedImage first = pusher().push(source, new ImageTarget(other.address(), "mirror/app", "1", false),
                    RegistryAuth.none());
            assertThat(registry.blobDownloads()).isEqualTo(pulled + 3);
            assertThat(other.blobUploads()).isEqualTo(3);

            PushedImage second = pusher().push(source, new ImageTarget(other.address(), "mirror/app", "2", false),
                    RegistryAuth.none());
            assertThat(registry.blobDownloads()).as("nothing pulled again").isEqualTo(pulled + 3);
            assertThat(other.blobUploads()).isEqualTo(3);
            assertThat(second.digest()).isEqualTo(first.digest());
            assertThat(new RegistryApi(other.address()).manifest("mirror/app", "2").digest())
                    .isEqualTo(first.digest());
        }
    }

    @Test
    void unknownRegistryImageIsReported() {
        assertThatThrownBy(() -> pusher().push(
                        new ImageSource.Registry(registry.address() + "/nothing/here:1", RegistryAuth.none()),
                        target("copy/none", "1"), RegistryAuth.none()))
                .isInstanceOf(ImagePushException.class)
                .hasMessage("Image " + registry.address() + "/nothing/here:1 does not exist in registry "
                        + registry.address() + ".");
    }

    @Test
    void resolvesATagToItsDigest() throws Exception {
        PushedImage pushed = pusher().push(new ImageSource.Archive(dockerArchive), target("resolve/app", "1.27"),
                RegistryAuth.none());

        assertThat(pusher().resolveDigest(registry.address() + "/resolve/app:1.27", RegistryAuth.none()))
                .isEqualTo(pushed.digest());
        assertThatThrownBy(() -> pusher().resolveDigest(registry.address() + "/resolve/app:nope", null))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void corruptTarballsAreReportedWithoutContactingTheRegistry() throws Exception {
        Path garbage = Files.write(work.resolve("garbage.tar"), new byte[4096 + 17]);
        Files.write(garbage, "this is not a tar archive at all".getBytes(), java.nio.file.StandardOpenOption.WRITE);
        byte[] whole = Files.readAllBytes(dockerArchive);
        Path truncated = Files.write(work.resolve("truncated.tar"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Path missing = work.resolve("missing.tar");

        for (Path broken : List.of(garbage, truncated, missing)) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> pusher().push(
                            new ImageSource.Archive(broken), target("broken/app", "1"), RegistryAuth.none()))
                    .isInstanceOf(ImagePushException.class)
                    .hasMessageContaining(broken.toString())
                    .hasMessageNotContaining("Exception"));
        }
    }

    @Test
    void layerNotMatchingItsDiffIdIsCorrupt() throws Exception {
        TestImages.Image tampered = new TestImages.Image(image.config(),
                List.of(image.layerTars().get(0), image.layerTars().get(0)));
        Path tarball = TestImages.dockerArchive(work.resolve("tampered.tar"), tampered);

        // the repository is empty, so the layers stream: the bad one reaches the registry before the check fails
        assertThatThrownBy(() -> pusher().push(new ImageSource.Archive(tarball), target("broken/app", "2"),
                        RegistryAuth.none()))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining("corrupt")
                .hasMessageContaining("does not match its diff ID");

        assertThatThrownBy(() -> new RegistryApi(registry.address()).manifest("broken/app", "2"))
                .hasMessageContaining("404");
        assertThat(registry.uploadsInProgress("broken/app")).as("the bad layer's upload is cancelled").isZero();
        try (var kept = Files.list(work.resolve("cache/layers"))) {
            assertThat(kept.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(image.diffIds().get(1).substring("sha256:".length())));
        }
    }

    @Test
    void stoppedRegistryIsReportedWithinSeconds() throws Exception {
        RegistryServer down = RegistryServer.start(work.resolve("down"));
        down.stop();

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> pusher().push(
                        new ImageSource.Archive(dockerArchive), new ImageTarget(down.address(), "app", "1", false),
                        RegistryAuth.none()))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining(down.address())
                .hasMessageContaining("connection refused"));
    }

    @Test
    void serverErrorsAreRetriedAFewTimes() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.address(),
                request -> request.startsWith("PUT ") && request.contains("/manifests/"), 503, 2)) {
            PushedImage pushed = pusher().push(new ImageSource.Archive(dockerArchive),
                    new ImageTarget(proxy.address(), "retry/app", "1", false), RegistryAuth.none());

            assertThat(proxy.faultsServed()).isEqualTo(2);
            assertThat(new RegistryApi(registry.address()).manifest("retry/app", "1").digest())
                    .isEqualTo(pushed.digest());
        }
    }

    @Test
    void aRegistryThatKeepsFailingIsReportedWithinSeconds() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.address(),
                request -> request.contains("/blobs/"), 502, Integer.MAX_VALUE)) {
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> pusher().push(
                            new ImageSource.Archive(dockerArchive),
                            new ImageTarget(proxy.address(), "failing/app", "1", false), RegistryAuth.none()))
                    .isInstanceOf(ImagePushException.class)
                    .hasMessageContaining("failed with HTTP 502 after 3 attempts"));
        }
    }

    @Test
    void credentialsAreCheckedByTheRegistry() throws Exception {
        try (RegistryServer secured = RegistryServer.startWithAuth(work.resolve("auth"), "jenkins", "s3cret")) {
            ImageTarget target = new ImageTarget(secured.address(), "auth/app", "1", false);

            PushedImage pushed = pusher().push(new ImageSource.Archive(dockerArchive), target,
                    new RegistryAuth("jenkins", "s3cret"));
            assertThat(new RegistryApi(secured.address(), "jenkins", "s3cret").manifest("auth/app", "1").digest())
                    .isEqualTo(pushed.digest());

            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> pusher().push(
                            new ImageSource.Archive(dockerArchive), target, new RegistryAuth("jenkins", "wrong")))
                    .isInstanceOf(ImagePushException.class)
                    .hasMessageContaining("Registry " + secured.address() + " refused the credentials")
                    .hasMessageNotContaining("wrong"));
            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> pusher().push(
                            new ImageSource.Archive(dockerArchive), target, RegistryAuth.none()))
                    .isInstanceOf(ImagePushException.class)
                    .hasMessageContaining("requires credentials"));
        }
    }

    @Test
    void workFilesStayUnderTheGivenDirectory() throws Exception {
        Path cache = work.resolve("cache");
        pusher().push(new ImageSource.Archive(dockerArchive), target("files/app", "1"), RegistryAuth.none());

        try (var files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .allMatch(name -> name.endsWith(".tar.gz") || name.endsWith(".digest"));
        }
    }

    /** A docker CLI that knows one image: inspect answers for it, save copies the prepared tarball. */
    private Path fakeDocker(Path tarball, String knownImage) throws IOException {
        Path script = work.resolve("bin/docker");
        Files.createDirectories(script.getParent());
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "image=\"\"; for a in \"$@\"; do image=\"$a\"; done",
                "if [ \"$image\" != '" + knownImage + "' ]; then",
                "  echo \"Error: No such image: $image\" >&2; exit 1",
                "fi",
                "case \"$1\" in",
                "  image) echo sha256:0123; exit 0 ;;",
                "  save) [ \"$2\" = -o ] && cp '" + tarball + "' \"$3\" && exit 0 ;;",
                "esac",
                "echo \"unexpected: $*\" >&2; exit 2",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
