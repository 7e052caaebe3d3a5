package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Jib's HTTP client for one registry with every request under the {@link StallGuard}, and the
 * {@code Docker-Content-Digest} of manifest responses kept for the read-back check (Jib's {@code RegistryClient} does
 * not expose response headers). Wraps the client that does the work, since Jib takes only a FailoverHttpClient.
 *
 * <p>Jib retries a failed request up to ten times with growing pauses (about a minute) and narrates each retry; a
 * registry that went away or cuts every upload would hold the push that long. So {@link #cuttingRetries} makes the
 * first retry end the request instead, and {@link Retry} decides: a few quick attempts, or none when the registry
 * refuses connections.
 */
final class GuardedHttpClient extends FailoverHttpClient {
    private static final String RETRY_SUFFIX = " failed and will be retried";
    private static final ThreadLocal<String> MANIFEST_DIGEST = new ThreadLocal<>();

    private final FailoverHttpClient delegate;
    private final StallGuard guard;

    GuardedHttpClient(FailoverHttpClient delegate, StallGuard guard) {
        super(false, false, event -> {});
        this.delegate = delegate;
        this.guard = guard;
    }

    /** Thrown out of Jib's retry loop from its own log callback: the only hook Jib offers there. */
    private static final class RetryCutShort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryCutShort() {
            super(null, null, false, false);
        }
    }

    /**
     * The log callback to give Jib's client: while {@code active} says so, a retry announcement ends the request.
     * Before that (the TLS failover request, which relies on Jib's own handling) every event passes to {@code log}.
     */
    static Consumer<LogEvent> cuttingRetries(Consumer<LogEvent> log, BooleanSupplier active) {
        return event -> {
            if (active.getAsBoolean() && event.getMessage().endsWith(RETRY_SUFFIX)) {
                throw new RetryCutShort();
            }
            log.accept(event);
        };
    }

    @Override
    public Response call(String httpMethod, URL url, Request request) throws IOException {
        String line = httpMethod + " " + url.getPath();
        return guard.io(line, () -> {
            Response response;
            try {
                response = delegate.call(httpMethod, url, request);
            } catch (RetryCutShort cut) {
                throw guard.connectionBroke(line);
            } catch (IllegalStateException shut) {
                // Apache's "Connection pool shut down": the guard closed the connections under this request
                guard.throwIfFailed(shut);
                throw shut;
            }
            if (url.getPath().contains("/manifests/")) {
                List<String> digest = response.getHeader("Docker-Content-Digest");
                MANIFEST_DIGEST.set(digest.isEmpty() ? null : digest.get(0));
            }
            return response;
        });
    }

    /** The {@code Docker-Content-Digest} of the last manifest response this thread received; null when it had none. */
    static String lastManifestDigest() {
        return MANIFEST_DIGEST.get();
    }

    static void forgetManifestDigest() {
        MANIFEST_DIGEST.remove();
    }

    @Override
    public void shutDown() throws IOException {
        delegate.shutDown();
    }
}
