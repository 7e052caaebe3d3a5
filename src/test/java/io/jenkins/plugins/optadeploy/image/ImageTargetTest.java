package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTargetTest {

    @Test
    void autoUsesTheLocalRegistryAndLayerSlashModule() {
        ImageTarget target = ImageTarget.auto(null, "hello", "app", "42");

        assertThat(target.registry()).isEqualTo("localhost:5000");
        assertThat(target.repository()).isEqualTo("hello/app");
        assertThat(target.repositoryUrl()).isEqualTo("localhost:5000/hello/app");
        assertThat(target).hasToString("localhost:5000/hello/app:42");
        assertThat(target.allowInsecure()).isFalse();
        assertThat(ImageTarget.auto(" registry.example.com ", "hello", "app", "1").registry())
                .isEqualTo("registry.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:5000", "127.0.0.1:5000", "registry.example.com", "my-registry:443",
        "[::1]:5000", "gcr.io"})
    void acceptsRegistryNames(String registry) {
        assertThat(new ImageTarget(registry, "a/b", "1", false).registry()).isEqualTo(registry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:5000/evil", "host name", "-registry", "registry.", "user@host",
        "host:port", "host:5000?x=1", "host\n:5000"})
    void rejectsRegistryNamesThatAreNotHosts(String registry) {
        assertThatThrownBy(() -> new ImageTarget(registry, "a/b", "1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid image registry")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello/app", "hello//app", "/hello", "hello/", "hello/../app", "hello/app:1",
        "hello/app@sha256", "hello app", "-hello"})
    void rejectsRepositoriesOutsideTheGrammar(String repository) {
        assertThatThrownBy(() -> new ImageTarget("localhost:5000", repository, "1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid image repository");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "-x", "a/b", "1 2", "x;rm"})
    void rejectsBadTags(String tag) {
        assertThatThrownBy(() -> new ImageTarget("localhost:5000", "a/b", tag, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image tag");
    }

    @Test
    void acceptsRealisticRepositoriesAndTags() {
        ImageTarget target = new ImageTarget("localhost:5000", "my-layer/my_module.v2", "build-17_abc.1", false);
        assertThat(target.tag()).isEqualTo("build-17_abc.1");
        assertThatThrownBy(() -> new ImageTarget("localhost:5000", "a/b", "x".repeat(129), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordNeverShows() {
        RegistryAuth auth = new RegistryAuth("jenkins", "s3cret");

        assertThat(auth.toString()).contains("jenkins").doesNotContain("s3cret");
        assertThat(RegistryAuth.none().isPresent()).isFalse();
        assertThat(new ImageSource.Registry("nginx:1.27", auth).toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new RegistryAuth("jenkins", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourcesCrossToAnAgentBySerialization() throws Exception {
        ImageSource archive = new ImageSource.Archive(Path.of("/ws/build/image.tar"));
        ImageSource daemon = new ImageSource.DockerDaemon("team/app:1");
        ImageSource registry = new ImageSource.Registry("gcr.io/p/app:1", new RegistryAuth("u", "p"));

        assertThat(roundTrip(archive)).isEqualTo(archive);
        assertThat(roundTrip(daemon)).isEqualTo(daemon);
        assertThat(((ImageSource.DockerDaemon) daemon).dockerCommand()).isEqualTo("docker");
        assertThat(roundTrip(registry)).isEqualTo(registry);
        ImageTarget target = ImageTarget.auto(null, "l", "m", "1");
        assertThat(roundTrip(target)).isEqualTo(target);
    }

    @Test
    void pushedImageGivesTheDigestReference() {
        PushedImage pushed = new PushedImage("localhost:5000/hello/app", "42", "sha256:" + "a".repeat(64));

        assertThat(pushed.reference()).isEqualTo("localhost:5000/hello/app@sha256:" + "a".repeat(64));
        assertThat(pushed.dockerRepoUrl()).isEqualTo("localhost:5000/hello/app");
    }

    @Test
    void loopbackIsDecidedByNameOrLiteralAddress() {
        assertThat(RegistryHost.isLoopback("localhost:5000")).isTrue();
        assertThat(RegistryHost.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(RegistryHost.isLoopback("127.1.2.3")).isTrue();
        assertThat(RegistryHost.isLoopback("[::1]:5000")).isTrue();
        assertThat(RegistryHost.isLoopback("localhost.example.com:5000")).isFalse();
        assertThat(RegistryHost.isLoopback("128.0.0.1:5000")).isFalse();
        assertThat(RegistryHost.isLoopback("registry.example.com")).isFalse();
        assertThat(RegistryHost.hostAndPort("registry.example.com")).isEqualTo("registry.example.com:443");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
