package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.function.Consumer;

/**
 * Jib's HTTP client for a registry the probe found speaking plain HTTP. Jib addresses every registry as https:// and
 * learns the fallback only by failing TLS handshakes (verified, then unverified: a new TLS context and two key
 * exchanges, on every push); requests to the registry's own host and port go to http:// at once instead, as Jib's
 * failover would send them. Other hosts, such as a token service, keep Jib's handling.
 */
final class PlainHttpClient extends FailoverHttpClient {
    private final String host;
    private final int port;

    /** @param registry {@code host[:port]} */
    PlainHttpClient(String registry, boolean sendAuthorizationOverHttp, Consumer<LogEvent> log) {
        super(true, sendAuthorizationOverHttp, log);
        URI base = URI.create("https://" + registry + "/");
        this.host = base.getHost();
        this.port = base.getPort();
    }

    @Override
    public Response call(String httpMethod, URL url, Request request) throws IOException {
        boolean registry = url.getProtocol().equals("https") && url.getHost().equalsIgnoreCase(host)
                && url.getPort() == port;
        return super.call(httpMethod, registry ? new URL("http", url.getHost(), url.getPort(), url.getFile()) : url,
                request);
    }
}
