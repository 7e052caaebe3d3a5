package io.jenkins.plugins.optadeploy.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Reads a test registry through its HTTP API, independently of the code under test. */
public final class RegistryApi {
    private static final String ACCEPT = String.join(",",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.index.v1+json");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String address;
    private final String authorization;

    public RegistryApi(String address) {
        this(address, null, null);
    }

    public RegistryApi(String address, String username, String password) {
        this.address = address;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A manifest as served, with the digest the registry reports for it. */
    public record Manifest(String digest, String mediaType, String json) {}

    public Manifest manifest(String repository, String reference) throws IOException {
        HttpResponse<String> response = get("/v2/" + repository + "/manifests/" + reference,
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET manifest " + repository + ":" + reference + " -> " + response.statusCode()
                    + " " + response.body());
        }
        return new Manifest(response.headers().firstValue("Docker-Content-Digest").orElse(null),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    public byte[] blob(String repository, String digest) throws IOException {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/blobs/" + digest,
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET blob " + digest + " -> " + response.statusCode());
        }
        return response.body();
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
