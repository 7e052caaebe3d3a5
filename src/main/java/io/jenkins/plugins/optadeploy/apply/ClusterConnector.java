package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a fabric8 client from {@link ClusterCredentials}, entirely in memory: no credential is written to disk, and
 * none is put into a message. The configuration never reads the agent's own kubeconfig, environment or system
 * properties (an environment variable must not redirect a deploy to another cluster), except the pod's mounted
 * service account for {@link ClusterCredentials.InCluster}.
 *
 * <p>fabric8's transparent request retries are switched off: callers retry explicitly ({@link Applier} retries apply
 * requests with a bounded backoff and says so), so that every retry is visible and bounded.
 */
public final class ClusterConnector {

    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

    private final Map<String, String> environment;
    private final Path serviceAccountDir;
    private final String inClusterScheme;

    public ClusterConnector() {
        this(System.getenv(), Path.of(SERVICE_ACCOUNT_DIR), "https");
    }

    /**
     * For tests: a pod environment and service-account directory other than this process', and the scheme of the
     * in-cluster API URL (always https in a pod; the mock server's certificate fails hostname verification).
     */
    ClusterConnector(Map<String, String> environment, Path serviceAccountDir, String inClusterScheme) {
        this.environment = Map.copyOf(environment);
        this.serviceAccountDir = serviceAccountDir;
        this.inClusterScheme = inClusterScheme;
    }

    /**
     * Connects and checks that the API server answers (GET /version).
     *
     * @throws ClusterConnectionException when the credentials are unusable or the server does not answer
     */
    public KubernetesClient connect(ClusterCredentials credentials, Duration requestTimeout) {
        Objects.requireNonNull(credentials, "credentials");
        Config config = configFor(credentials);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
        config.setRequestTimeout(timeoutMillis);
        config.setConnectionTimeout((int) Math.min(timeoutMillis, 10_000));
        config.setRequestRetryBackoffLimit(0);
        // The JDK client reads every watch from one selector thread; OkHttp would park a thread on each open watch.
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory()).withTaskExecutor(ClientThreads.CALLBACKS).build();
        try {
            client.getKubernetesVersion();
            return client;
        } catch (KubernetesClientException e) {
            client.close();
            throw new ClusterConnectionException(unreachable(config.getMasterUrl(), credentials, e));
        }
    }

    private Config configFor(ClusterCredentials credentials) {
        if (credentials instanceof ClusterCredentials.Kubeconfig kubeconfig) {
            return fromKubeconfig(kubeconfig);
        }
        if (credentials instanceof ClusterCredentials.Token token) {
            return new ConfigBuilder(base(token.serverUrl(), token.caCertificatePem(), token.skipTlsVerify()))
                    .withOauthToken(token.token())
                    .build();
        }
        if (credentials instanceof ClusterCredentials.ClientCertificate cert) {
            return new ConfigBuilder(base(cert.serverUrl(), cert.caCertificatePem(), false))
                    .withClientCertData(base64(cert.certificatePem()))
                    .withClientKeyData(base64(cert.keyPem()))
                    .withClientKeyAlgo(cert.keyPem().contains("BEGIN EC PRIVATE KEY") ? "EC" : "RSA")
                    .build();
        }
        return inCluster();
    }

    private static Config base(String serverUrl, String caPem, boolean skipTlsVerify) {
        ConfigBuilder builder = new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl)
                .withTrustCerts(skipTlsVerify)
                .withDisableHostnameVerification(skipTlsVerify);
        if (caPem != null && !caPem.isBlank()) {
            builder.withCaCertData(base64(caPem));
        }
        return builder.build();
    }

    private static Config fromKubeconfig(ClusterCredentials.Kubeconfig kubeconfig) {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(kubeconfig.content());
        } catch (RuntimeException e) {
            // the parser's message may quote a line of the file, i.e. a secret: say only what is wrong
            throw new ClusterConnectionException("The kubeconfig is not valid kubeconfig YAML; check the credential's content.");
        }
        if (parsed == null) {
            throw new ClusterConnectionException("The kubeconfig is empty.");
        }
        List<String> contexts = parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        String wanted = kubeconfig.context() == null || kubeconfig.context().isBlank() ? parsed.getCurrentContext()
                : kubeconfig.context();
        if (wanted == null || wanted.isBlank()) {
            throw new ClusterConnectionException("The kubeconfig has no current-context; name one of its contexts "
                    + contexts + ".");
        }
        if (!contexts.contains(wanted)) {
            // fabric8 would silently fall back to current-context, i.e. possibly another cluster
            throw new ClusterConnectionException("The kubeconfig has no context '" + wanted + "'; its contexts are "
                    + contexts + ".");
        }
        Config config = Config.empty();
        KubeConfigUtils.merge(config, wanted, parsed);
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new ClusterConnectionException("The kubeconfig context '" + wanted + "' names no cluster server.");
        }
        return config;
    }

    private Config inCluster() {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        Path token = serviceAccountDir.resolve("token");
        Path ca = serviceAccountDir.resolve("ca.crt");
        if (host == null || host.isBlank() || !Files.isReadable(token)) {
            throw new ClusterConnectionException("Not running in a Kubernetes pod with a service account "
                    + "(KUBERNETES_SERVICE_HOST unset or " + token + " unreadable); choose another kind of credential.");
        }
        String url = inClusterScheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(url)
                // projected service-account tokens rotate: read the mounted file for every request
                .withOauthTokenProvider(() -> readToken(token));
        if (Files.isReadable(ca)) {
            builder.withCaCertFile(ca.toString());
        }
        return builder.build();
    }

    private static String readToken(Path token) {
        try {
            return Files.readString(token, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service account token at " + token, e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }

    private static String unreachable(String url, ClusterCredentials credentials, KubernetesClientException e) {
        String what = "Cannot use the cluster at " + url + " with " + credentials + ": ";
        if (e.getCode() <= 0) {
            Throwable root = rootCause(e);
            String cause = root.getClass().getSimpleName();
            if (cause.equals("SSLPeerUnverifiedException") || cause.equals("CertificateException")
                    && String.valueOf(root.getMessage()).matches("(?s).*(subject alternative|No name matching).*")) {
                return what + "the server's TLS certificate does not name this host (" + cause + "); use the host name "
                        + "the certificate was issued for.";
            }
            if (cause.equals("SunCertPathBuilderException") || cause.equals("CertPathValidatorException")) {
                return what + "the server's TLS certificate is not trusted (" + cause + "); give the cluster's CA "
                        + "certificate.";
            }
            return what + "no answer (" + cause + "); check the server URL, the network and the CA certificate.";
        }
        return switch (e.getCode()) {
            case 401 -> what + "HTTP 401, the credentials were rejected (expired or wrong token/certificate?).";
            case 403 -> what + "HTTP 403, the credentials are not allowed to read the server version.";
            default -> what + "HTTP " + e.getCode() + ".";
        };
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
