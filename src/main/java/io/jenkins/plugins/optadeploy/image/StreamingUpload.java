package io.jenkins.plugins.optadeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.BlobHttpContent;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Blob uploads to one repository whose digest is known only after the last byte: a session (POST), the bytes as they
 * are produced (one PATCH), then the digest (PUT), as the distribution API allows. jib-core's
 * {@code RegistryClient.pushBlob} needs the digest before the first byte, so a layer would have to be compressed
 * completely before its upload could start; streamed, the registry takes in a layer while it is being compressed.
 * Requests go through Jib's HTTP client with the connection's scheme and credential policy; this works only where no
 * bearer token is needed, since only Jib's {@code RegistryClient} holds that.
 */
final class StreamingUpload {
    /** Writes a blob to {@code out} and returns it; the blob is committed under its digest only if this returns. */
    interface Producer {
        PreparedBlob writeTo(OutputStream out) throws IOException, ImagePushException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FailoverHttpClient http;
    private final StallGuard guard;
    private final String repositoryUrl;
    private final Authorization authorization;

    /** @param authorization Basic credentials, or null when the registry asks for none */
    StreamingUpload(FailoverHttpClient http, StallGuard guard, String registry, String repository,
            Authorization authorization) {
        this.http = http;
        this.guard = guard;
        this.repositoryUrl = "https://" + registry + "/v2/" + repository + "/";
        this.authorization = authorization;
    }

    /**
     * Whether the repository has no tagged image, so it holds none of the layers of the image to push and checking
     * for them first would save nothing. False when the registry does not say.
     */
    boolean repositoryIsEmpty() {
        try {
            // the body is read under the guard too: a registry can stall in it
            return guard.io("listing the repository's tags", () -> {
                try (Response response = http.call("GET", new URL(repositoryUrl + "tags/list?n=1"), request(null))) {
                    JsonNode tags = JSON.readTree(response.getBody()).path("tags");
                    return tags.isNull() || tags.isMissingNode() || tags.isEmpty();
                }
            });
        } catch (ResponseException e) {
            return e.getStatusCode() == 404;
        } catch (IOException e) {
            return false; // a stall ends the push at the next request
        }
    }

    /**
     * Sends what {@code producer} writes while it writes it and commits it under the digest it returns. When the
     * producer rejects its content (a layer not matching its diff ID), the upload is cancelled and nothing is
     * committed.
     */
    PreparedBlob upload(Producer producer, Consumer<Long> sent) throws IOException, ImagePushException {
        URL session;
        try (Response started = http.call("POST", new URL(repositoryUrl + "blobs/uploads/"), request(null))) {
            session = location(started);
        }
        Body body = new Body(producer);
        URL written = guard.io("streaming a layer", () -> {
            // the compressing threads write the body: count their bytes for this request
            LongConsumer moved = guard.movedHere();
            body.whenWritten = guard.bodyWrittenHere();
            try (Response patched = http.call("PATCH", session,
                    request(new BlobHttpContent(body, "application/octet-stream", bytes -> {
                        moved.accept(bytes);
                        sent.accept(bytes);
                    })))) {
                return location(patched);
            }
        });
        if (body.rejected != null) {
            cancel(written);
            throw body.rejected;
        }
        PreparedBlob blob = body.blob;
        String separator = written.getQuery() == null ? "?" : "&";
        try (Response committed = http.call("PUT", new URL(written + separator + "digest=" + blob.digest()),
                request(null))) {
            return blob;
        }
    }

    private void cancel(URL upload) {
        try (Response cancelled = http.call("DELETE", upload, request(null))) {
            cancelled.getStatusCode();
        } catch (IOException e) {
            // the registry drops abandoned uploads on its own
        }
    }

    private Request request(BlobHttpContent body) {
        return Request.builder()
                .setAuthorization(authorization)
                .setUserAgent(RegistryConnection.USER_AGENT)
                .setHttpTimeout(JibSystemProperties.getHttpTimeout())
                .setBody(body)
                .build();
    }

    /** The upload's next URL, from the Location header, which may be relative. */
    private static URL location(Response response) throws IOException {
        List<String> location = response.getHeader("Location");
        if (location.size() != 1) {
            throw new IOException("the registry answered a blob upload without a Location header");
        }
        return response.getRequestUrl().toURL(location.get(0));
    }

    /**
     * The PATCH body. A rejection by the producer is kept rather than thrown: the request then ends normally, so the
     * upload can be cancelled, instead of being cut off mid-stream.
     */
    private static final class Body implements Blob {
        private final Producer producer;
        private PreparedBlob blob;
        private ImagePushException rejected;
        private Runnable whenWritten = () -> {};

        Body(Producer producer) {
            this.producer = producer;
        }

        @Override
        public BlobDescriptor writeTo(OutputStream out) throws IOException {
            try {
                blob = producer.writeTo(out);
                whenWritten.run();
                return new BlobDescriptor(blob.size(), blob.digest());
            } catch (ImagePushException e) {
                rejected = e;
                return new BlobDescriptor(0, null);
            }
        }

        /** The bytes exist only while they are produced. */
        @Override
        public boolean isRetryable() {
            return false;
        }
    }
}
