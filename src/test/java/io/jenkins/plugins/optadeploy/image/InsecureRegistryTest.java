package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain-HTTP "registry" on this machine's non-loopback address (a stub that demands Basic auth and records what it
 * receives): credentials must never reach it, and without allowInsecure it is refused outright. A stub rather than
 * docker-registry, which the tests only run on 127.0.0.1.
 */
class InsecureRegistryTest {
    @TempDir
    Path work;

    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    ServerSocket server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    String registry;
    Path tarball;

    @BeforeEach
    void start() throws Exception {
        InetAddress address = nonLoopbackAddress();
        Assumptions.assumeTrue(address != null, "no non-loopback IPv4 address: skipping plain-HTTP policy tests");
        server = new ServerSocket(0, 50, address);
        Thread accepter = new Thread(this::serve, "plain-http-stub");
        accepter.setDaemon(true);
        accepter.start();
        registry = address.getHostAddress() + ":" + server.getLocalPort();
        tarball = TestImages.dockerArchive(work.resolve("image.tar"), TestImages.image(64 * 1024, 5));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Answers like a plain-HTTP registry with Basic auth; a TLS hello gets a 400, as Go's HTTP server does. */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5000);
                InputStream raw = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int first = raw.read();
                if (first == TLS_HANDSHAKE_RECORD || first < 0) {
                    out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(
                        new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), raw),
                        StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                requests.add(requestLine);
                for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                    if (header.regionMatches(true, 0, "Authorization:", 0, 14)) {
                        authorizations.add(header);
                    }
                }
                out.write(("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"stub\"\r\n"
                        + "Docker-Distribution-API-Version: registry/2.0\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed by stop(), or a client that hung up
            }
        }
    }

    @Test
    void credentialsAreNeverSentOverPlainHttpToANonLoopbackHost() {
        ImagePusher pusher = new ImagePusher(work.resolve("cache"), PushListener.NONE);

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(() -> pusher.push(
                        new ImageSource.Archive(tarball), new ImageTarget(registry, "app", "1", true),
                        new RegistryAuth("jenkins", "s3cret")))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining("refusing to send credentials")
                .hasMessageContaining(registry));
        assertThat(authorizations).isEmpty();
    }

    @Test
    void plainHttpToANonLoopbackHostNeedsAllowInsecure() {
        ImagePusher pusher = new ImagePusher(work.resolve("cache"), PushListener.NONE);

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(() -> pusher.push(
                        new ImageSource.Archive(tarball), new ImageTarget(registry, "app", "1", false),
                        RegistryAuth.none()))
                .isInstanceOf(ImagePushException.class)
                .hasMessageContaining("TLS connection to registry " + registry + " failed")
                .hasMessageContaining("insecure"));
        assertThat(requests).noneMatch(request -> request.contains("/blobs/"));
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }
}
