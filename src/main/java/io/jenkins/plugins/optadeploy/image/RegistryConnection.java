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
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * How to talk to one registry, decided up front by probing {@code /v2/} with short timeouts. Jib on its own tries
 * HTTPS, falls back, and retries connection failures with back-off for about a minute; probing first turns a down
 * registry, a TLS problem or a wrong scheme into a clear message within seconds, and lets the policy on credentials be
 * enforced before any is sent: plain HTTP carries credentials only to loopback registries.
 */
final class RegistryConnection {
    static final String USER_AGENT = "opta-deploy";
    private final String registry;
    private final RegistryProbe.Scheme scheme;
    private final RegistryAuth auth;
    /** The probe's /v2/ challenge: "" for none, else WWW-Authenticate; null when unknown. */
    private final String challenge;
    private final StallGuard guard;
    private final GuardedHttpClient httpClient;
    private final EventHandlers eventHandlers;

    private RegistryConnection(String registry, RegistryProbe.Scheme scheme, RegistryAuth auth, String challenge,
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
                    && !(scheme == RegistryProbe.Scheme.HTTPS_UNVERIFIED && message.startsWith("Cannot verify server at https://"))) {
                log.accept(message);
            }
        };
        AtomicBoolean cutRetries = new AtomicBoolean();
        Consumer<LogEvent> jibLog = GuardedHttpClient.cuttingRetries(forwarded, cutRetries::get);
        this.eventHandlers = EventHandlers.builder().add(LogEvent.class, forwarded).build();
        FailoverHttpClient transport = scheme == RegistryProbe.Scheme.HTTP
                ? new PlainHttpClient(registry, RegistryHost.isLoopback(registry), jibLog)
                : new FailoverHttpClient(scheme == RegistryProbe.Scheme.HTTPS_UNVERIFIED, false, jibLog);
        if (scheme == RegistryProbe.Scheme.HTTPS_UNVERIFIED) {
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
     * Probes the registry and picks the scheme ({@link RegistryProbe}).
     *
     * @param allowInsecure the user allows plain HTTP or unverified TLS to a non-loopback registry
     */
    static RegistryConnection open(String registry, boolean allowInsecure, RegistryAuth auth, Duration stallTimeout,
            Consumer<String> log) throws ImagePushException {
        RegistryProbe.Result probed = RegistryProbe.probe(registry, allowInsecure, auth, stallTimeout, log);
        return new RegistryConnection(registry, probed.scheme(), auth, probed.challenge(), stallTimeout, log);
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
