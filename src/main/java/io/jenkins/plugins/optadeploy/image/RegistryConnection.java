package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * How to talk to one registry, decided up front by probing {@code /v2/} with short timeouts. Jib on its own tries
 * HTTPS, falls back, and retries connection failures with back-off for about a minute; probing first turns a down
 * registry, a TLS problem or a wrong scheme into a clear message within seconds, and lets the policy on credentials be
 * enforced before any is sent: plain HTTP carries credentials only to loopback registries.
 */
final class RegistryConnection {
    enum Scheme {
        HTTPS,
        /** TLS with a certificate nobody vouches for; only with allowInsecure or on loopback. */
        HTTPS_UNVERIFIED,
        HTTP
    }

    static final String USER_AGENT = "opta-deploy";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final String HTTPS_ONLY = "\0https-only";
    private static final HttpClient PROBE_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String registry;
    private final Scheme scheme;
    private final RegistryAuth auth;
    /** The probe's /v2/ challenge: "" for none, else WWW-Authenticate; null when unknown. */
    private final String challenge;
    private final StallGuard guard;
    private final GuardedHttpClient httpClient;
    private final EventHandlers eventHandlers;

    private RegistryConnection(String registry, Scheme scheme, RegistryAuth auth, String challenge,
            Duration stallTimeout, Consumer<String> log) {
        this.registry = registry;
        this.scheme = scheme;
        this.auth = auth;
        this.challenge = challenge;
        // Jib's ERROR events and its "failed and will (NOT) be retried" warnings narrate a failure it then throws (red
        // ANSI "I/O error for image", the exception's class and message); Failures turns that into one clear message,
        // or a broken layer stream falls back to a plain upload, so they are not forwarded. Nor is "Expected image
        // digest ...": the manifest is read back and checked. Other warnings are, unless they are the failover to
        // unverified TLS the probe already chose.
        Consumer<LogEvent> forwarded = event -> {
            String message = event.getMessage();
            if (event.getLevel() == LogEvent.Level.WARN && !message.endsWith("failed and will NOT be retried")
                    && !message.endsWith("failed and will be retried")
                    && !message.startsWith("Expected image digest")
                    && !(scheme == Scheme.HTTPS_UNVERIFIED && message.startsWith("Cannot verify server at https://"))) {
                log.accept(message);
            }
        };
        AtomicBoolean cutRetries = new AtomicBoolean();
        Consumer<LogEvent> jibLog = GuardedHttpClient.cuttingRetries(forwarded, cutRetries::get);
        this.eventHandlers = EventHandlers.builder().add(LogEvent.class, forwarded).build();
        FailoverHttpClient transport = scheme == Scheme.HTTP
                ? new PlainHttpClient(registry, RegistryHost.isLoopback(registry), jibLog)
                : new FailoverHttpClient(scheme == Scheme.HTTPS_UNVERIFIED, false, jibLog);
        if (scheme == Scheme.HTTPS_UNVERIFIED) {
            seedFailoverHistory(transport, registry);
        }
        cutRetries.set(true);
        this.guard = new StallGuard(registry, stallTimeout, () -> {
            try {
                transport.shutDown();
            } catch (IOException ignored) {
                // what could not be closed fails on its own; every later request fails at the guard
            }
        });
        this.httpClient = new GuardedHttpClient(transport, guard);
    }

    /**
     * Jib's client starts every request with verified HTTPS and remembers a failover to unverified TLS per host:port
     * only once one happened, so parallel first requests would each fail over. One request now, after the probe
     * already chose the scheme, makes all later ones go straight to it.
     */
    private static void seedFailoverHistory(FailoverHttpClient httpClient, String registry) {
        try (Response response = httpClient.get(new URL("https://" + registry + "/v2/"), Request.builder().build())) {
            response.getStatusCode();
        } catch (IOException expectedChallengeOrFailure) {
            // a 401 challenge is a ResponseException: the failover is recorded all the same
        }
    }

    /**
     * Probes the registry and picks the scheme.
     *
     * @param allowInsecure the user allows plain HTTP or unverified TLS to a non-loopback registry
     */
    static RegistryConnection open(String registry, boolean allowInsecure, RegistryAuth auth, Duration stallTimeout,
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
        return new RegistryConnection(registry, scheme, auth, scheme == Scheme.HTTPS_UNVERIFIED ? null : challenge,
                stallTimeout, log);
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
                .header("User-Agent", USER_AGENT)
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
            SSLException tls = causeOf(e, SSLException.class);
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
        if (causeOf(e, UnknownHostException.class) != null) {
            return new ImagePushException("Registry host " + RegistryHost.host(registry) + " is unknown (DNS).");
        }
        if (causeOf(e, ConnectException.class) != null) {
            return new ImagePushException("Cannot connect to registry " + RegistryHost.hostAndPort(registry)
                    + ": connection refused. Is the registry running and is the address right?");
        }
        return new ImagePushException("Cannot reach registry " + RegistryHost.hostAndPort(registry) + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** A client for one repository, authenticated for push (and pull) or for pull only. */
    RegistryClient client(String repository, boolean forPush) throws IOException, RegistryException {
        Credential credential = auth.isPresent() ? Credential.from(auth.username(), auth.password()) : null;
        RegistryClient client = RegistryClient.factory(eventHandlers, registry, repository, httpClient)
                .setCredential(credential)
                .setUserAgent(USER_AGENT)
                .newRegistryClient();
        if (challenge != null && !challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            // the probe already saw no challenge or a Basic one: spare Jib asking /v2/ again
            if (!challenge.isEmpty() && credential != null) {
                client.configureBasicAuth();
            }
            return client;
        }
        boolean bearer = guard.call("asking for a token",
                () -> forPush ? client.doPushBearerAuth() : client.doPullBearerAuth());
        if (!bearer && credential != null) {
            client.configureBasicAuth();
        }
        return client;
    }

    /**
     * Streamed blob uploads to a repository, when the probe saw that the registry asks for no token (no challenge, or
     * a Basic one): requests outside Jib's RegistryClient cannot carry the token that client would fetch.
     */
    Optional<StreamingUpload> streaming(String repository) {
        if (challenge == null || challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        Authorization authorization = !challenge.isEmpty() && auth.isPresent()
                ? Authorization.fromBasicCredentials(auth.username(), auth.password())
                : null;
        return Optional.of(new StreamingUpload(httpClient, guard, registry, repository, authorization));
    }

    StallGuard guard() {
        return guard;
    }

    void close() {
        guard.close();
        try {
            httpClient.shutDown();
        } catch (IOException ignored) {
            // connections of a finished push; nothing left to release that matters
        }
    }
}
