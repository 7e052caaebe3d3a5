package io.jenkins.plugins.optadeploy.image;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Decides how to talk to a registry by asking {@code /v2/} with short timeouts, before Jib is involved: a down
 * registry, a TLS problem or a wrong scheme becomes a clear message within seconds, and credentials go over plain
 * HTTP only to loopback registries.
 */
final class RegistryProbe {
    enum Scheme {
        HTTPS,
        /** TLS with a certificate nobody vouches for; only with allowInsecure or on loopback. */
        HTTPS_UNVERIFIED,
        HTTP
    }

    /** @param challenge the /v2/ challenge: "" for none, else WWW-Authenticate; null when unknown */
    record Result(Scheme scheme, String challenge) {}

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final String HTTPS_ONLY = "\0https-only";
    private static final HttpClient PROBE_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private RegistryProbe() {}

    /**
     * Probes the registry and picks the scheme.
     *
     * @param allowInsecure the user allows plain HTTP or unverified TLS to a non-loopback registry
     */
    static Result probe(String registry, boolean allowInsecure, RegistryAuth auth, Duration stallTimeout,
            Consumer<String> log) throws ImagePushException {
        boolean loopback = RegistryHost.isLoopback(registry);
        Duration answerWithin = stallTimeout != null && stallTimeout.compareTo(PROBE_TIMEOUT) < 0 ? stallTimeout
                : PROBE_TIMEOUT;
        boolean insecureAllowed = loopback || allowInsecure;
        Scheme scheme = null;
        String challenge = null;
        if (loopback) {
            // local registries are nearly always plain HTTP: one request settles it
            challenge = plainHttpChallenge(registry, answerWithin);
            scheme = challenge != null ? Scheme.HTTP : null;
        }
        if (scheme == null) {
            try {
                challenge = probe("https", registry, answerWithin);
                scheme = Scheme.HTTPS;
            } catch (SSLException tlsFailure) {
                if (!insecureAllowed) {
                    throw new ImagePushException("TLS connection to registry " + registry + " failed ("
                            + tlsFailure.getMessage() + "). If the registry uses a private CA, add it to the agent's"
                            + " Java trust store; if it is a plain-HTTP or self-signed registry you trust, allow an"
                            + " insecure registry.");
                }
                challenge = loopback ? null : plainHttpChallenge(registry, answerWithin);
                scheme = challenge != null ? Scheme.HTTP : Scheme.HTTPS_UNVERIFIED;
            }
        }
        if (scheme == Scheme.HTTP && !loopback && auth.isPresent()) {
            throw new ImagePushException("Registry " + registry + " only speaks plain HTTP: refusing to send"
                    + " credentials to a non-loopback host unencrypted. Serve the registry over HTTPS.");
        }
        if (scheme != Scheme.HTTPS) {
            log.accept("Registry " + registry + " is used over "
                    + (scheme == Scheme.HTTP ? "plain HTTP" : "HTTPS without certificate verification"));
        }
        return new Result(scheme, scheme == Scheme.HTTPS_UNVERIFIED ? null : challenge);
    }

    /** The /v2/ challenge over plain HTTP, or null when the registry does not speak plain HTTP. */
    private static String plainHttpChallenge(String registry, Duration answerWithin) throws ImagePushException {
        try {
            String challenge = probe("http", registry, answerWithin);
            return challenge.startsWith(HTTPS_ONLY) ? null : challenge;
        } catch (IOException notHttp) {
            return null;
        }
    }

    /**
     * GET /v2/. Returns the {@code WWW-Authenticate} challenge ("" when the registry needs no authentication).
     * Throws SSLException for TLS trouble and ImagePushException when the registry is unreachable or broken.
     */
    private static String probe(String scheme, String registry, Duration answerWithin)
            throws SSLException, ImagePushException {
        URI uri = URI.create(scheme + "://" + registry + "/v2/");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(answerWithin)
                .header("User-Agent", RegistryConnection.USER_AGENT)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = PROBE_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (SSLException e) {
            throw e;
        } catch (HttpConnectTimeoutException e) {
            throw new ImagePushException("Registry " + RegistryHost.hostAndPort(registry)
                    + " did not accept a connection (or finish a TLS handshake) within " + CONNECT_TIMEOUT.toSeconds()
                    + " s.");
        } catch (HttpTimeoutException e) {
            throw new ImagePushException("Registry " + RegistryHost.hostAndPort(registry) + " did not answer /v2/ within "
                    + answerWithin.toMillis() / 1000.0 + " s.");
        } catch (ConnectException e) {
            throw unreachable(registry, e);
        } catch (IOException e) {
            SSLException tls = Failures.causeOf(e, SSLException.class);
            if (tls != null) {
                throw tls;
            }
            throw unreachable(registry, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePushException("Interrupted while contacting registry " + registry + ".");
        }
        int status = response.statusCode();
        if (status == 400 && response.body().contains("HTTPS")) {
            // Go's TLS servers answer plain HTTP with "Client sent an HTTP request to an HTTPS server."
            return HTTPS_ONLY;
        }
        if (status == 404) {
            throw new ImagePushException(registry + " is not a container registry: it has no /v2/ API.");
        }
        if (status >= 500) {
            throw new ImagePushException("Registry " + registry + " is failing: /v2/ answered HTTP " + status + ".");
        }
        return status == 401 ? response.headers().firstValue("WWW-Authenticate").orElse("") : "";
    }

    private static ImagePushException unreachable(String registry, IOException e) {
        if (Failures.causeOf(e, UnknownHostException.class) != null) {
            return new ImagePushException("Registry host " + RegistryHost.host(registry) + " is unknown (DNS).");
        }
        if (Failures.causeOf(e, ConnectException.class) != null) {
            return new ImagePushException("Cannot connect to registry " + RegistryHost.hostAndPort(registry)
                    + ": connection refused. Is the registry running and is the address right?");
        }
        return new ImagePushException("Cannot reach registry " + RegistryHost.hostAndPort(registry) + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
}
