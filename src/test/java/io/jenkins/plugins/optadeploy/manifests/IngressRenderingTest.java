package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressRenderingTest {
    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    private static List<Ingress> ingresses(Specs specs) {
        return new ManifestRenderer().render(specs.build(), Contexts.auto("hello", "hello")).ingresses();
    }

    private static Ingress ingress(Specs specs) {
        List<Ingress> ingresses = ingresses(specs);
        assertThat(ingresses).hasSize(1);
        return ingresses.get(0);
    }

    private static HTTPIngressPath path(Ingress ingress) {
        return ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    }

    /** Opta's annotations only, without the traceability ones. */
    private static Map<String, String> optaAnnotations(Ingress ingress) {
        Map<String, String> annotations = new java.util.LinkedHashMap<>(ingress.getMetadata().getAnnotations());
        annotations.keySet().removeIf(k -> k.startsWith("opta-deploy.jenkins.io/"));
        return annotations;
    }

    @Test
    void pathPrefixIsRewrittenToTheRootThroughARegexPath() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("/hello"));
        assertThat(ingress.getApiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isNull();
        assertThat(ingress.getSpec().getTls()).isEmpty();
        HTTPIngressPath path = path(ingress);
        assertThat(path.getPath()).isEqualTo("/hello(/|$)(.*)");
        assertThat(path.getPathType()).isEqualTo("ImplementationSpecific");
        assertThat(path.getBackend().getService().getName()).isEqualTo("hello");
        assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("main");
        assertThat(path.getBackend().getService().getPort().getNumber()).isNull();
        assertThat(optaAnnotations(ingress)).containsExactly(
                Map.entry(NGINX + "rewrite-target", "/$2"),
                Map.entry("cert-manager.io/cluster-issuer", "opta-selfsigned"));
    }

    @Test
    void regexCharactersOfAPathPrefixMatchLiterally() {
        List<Ingress> ingresses = ingresses(Specs.minimal().withPublicUris("/v1.0", "/a+b"));

        assertThat(ingresses).extracting(ingress -> path(ingress).getPath())
                .containsExactly("/v1\\.0(/|$)(.*)", "/a\\+b(/|$)(.*)");
        assertThat(java.util.regex.Pattern.compile(path(ingresses.get(0)).getPath()).matcher("/v1x0/x").matches())
                .as("the dot is not a wildcard").isFalse();
        assertThat(java.util.regex.Pattern.compile(path(ingresses.get(1)).getPath()).matcher("/a+b/x").matches()).isTrue();
        assertThat(optaAnnotations(ingresses.get(0))).containsEntry(NGINX + "rewrite-target", "/$2");
    }

    @Test
    void rootPathIsAPlainPrefixWithoutRewrite() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("app.example.com"));
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("app.example.com");
        assertThat(path(ingress).getPath()).isEqualTo("/");
        assertThat(path(ingress).getPathType()).isEqualTo("Prefix");
        assertThat(optaAnnotations(ingress)).doesNotContainKey(NGINX + "rewrite-target");
    }

    @Test
    void keepPathPrefixRewritesToThePrefix() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("app.example.com/api").withKeepPathPrefix(true));
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("app.example.com");
        assertThat(path(ingress).getPath()).isEqualTo("/api(/|$)(.*)");
        assertThat(optaAnnotations(ingress)).containsEntry(NGINX + "rewrite-target", "/api$1$2");
    }

    @Test
    void stickySessionsUseTheOptaCookie() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("/").withStickySession(20));
        assertThat(optaAnnotations(ingress)).containsExactly(
                Map.entry(NGINX + "affinity", "cookie"),
                Map.entry(NGINX + "session-cookie-name", "opta_cookie"),
                Map.entry(NGINX + "session-cookie-expires", "20"),
                Map.entry(NGINX + "session-cookie-max-age", "20"),
                Map.entry("cert-manager.io/cluster-issuer", "opta-selfsigned"));
    }

    @Test
    void consistentHashSetsTheUpstreamHash() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("/").withConsistentHash("$request_uri"));
        assertThat(optaAnnotations(ingress)).containsEntry(NGINX + "upstream-hash-by", "$request_uri");
        assertThat(optaAnnotations(ingress)).doesNotContainKey(NGINX + "affinity");
    }

    @Test
    void grpcPortsTalkGrpcToTheBackend() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("/")
                .withPorts(new Port("main", Port.Type.HTTP, Port.Protocol.GRPC, 9000, 80)));
        assertThat(optaAnnotations(ingress)).containsEntry(NGINX + "backend-protocol", "GRPC")
                .doesNotContainKey(NGINX + "proxy-read-timeout");
    }

    @Test
    void websocketPortsGetHourLongProxyTimeouts() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("/websocket")
                .withPorts(new Port("main", Port.Type.HTTP, Port.Protocol.WEBSOCKET, 8010, 80)));
        assertThat(optaAnnotations(ingress)).containsEntry(NGINX + "proxy-read-timeout", "3600")
                .containsEntry(NGINX + "proxy-send-timeout", "3600")
                .doesNotContainKey(NGINX + "backend-protocol");
    }

    @Test
    void extraAnnotationsComeLastAndWin() {
        Ingress ingress = ingress(Specs.minimal().withPublicUris("/api")
                .withIngressAnnotation("nginx.ingress.kubernetes.io/proxy-body-size", "10m")
                .withIngressAnnotation("cert-manager.io/cluster-issuer", "letsencrypt"));
        assertThat(optaAnnotations(ingress)).containsExactly(
                Map.entry(NGINX + "rewrite-target", "/$2"),
                Map.entry("cert-manager.io/cluster-issuer", "letsencrypt"),
                Map.entry(NGINX + "proxy-body-size", "10m"));
    }

    @Test
    void neitherTheLegacyClassAnnotationNorSnippetsAreRendered() {
        Ingress ingress = ingress(Specs.minimal().withStickySession(86400).withConsistentHash("$remote_addr"));
        assertThat(ingress.getMetadata().getAnnotations())
                .doesNotContainKeys("kubernetes.io/ingress.class", NGINX + "configuration-snippet");
    }

    @Test
    void aLegacyClassAnnotationFromTheSpecBecomesTheClassName() {
        Ingress ingress = ingress(Specs.minimal().withIngressAnnotation("kubernetes.io/ingress.class", "internal"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("internal");
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey("kubernetes.io/ingress.class");
    }

    @Test
    void oneIngressPerUriNamedByItsHash() {
        List<Ingress> ingresses = ingresses(Specs.minimal().withPublicUris("/hello", "/", "api.example.com/v1"));
        assertThat(ingresses).extracting(i -> i.getMetadata().getName()).containsExactly(
                "hello-hello-k8s-service-31b00391", "hello-hello-k8s-service-6a63c977",
                "hello-hello-k8s-service-" + Labels.sha256Hex("api.example.com-v1").substring(0, 8));
    }

    @Test
    void noIngressWithoutAnHttpPort() {
        assertThat(ingresses(Specs.minimal().withPorts(Specs.tcp("game", 25565, 25565)).withPublicUris("/"))).isEmpty();
    }
}
