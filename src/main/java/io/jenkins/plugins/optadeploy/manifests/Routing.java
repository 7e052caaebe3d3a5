package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The Service and one Ingress per {@code public_uri} entry. */
final class Routing {
    static final String INGRESS_CLASS = "nginx";
    static final String LEGACY_CLASS_ANNOTATION = K8sService.INGRESS_CLASS_ANNOTATION;
    static final String NGINX = "nginx.ingress.kubernetes.io/";
    /** The seeds and Opta's docs name the cookie {@code opta_cookie}; Opta's chart said {@code opta-cookie}. */
    static final String STICKY_COOKIE = "opta_cookie";
    static final String TCP_PORTS_ANNOTATION = "nginx.opta.dev/extra-tcp-ports";

    private Routing() {}

    /** Null when the service has no port, as in Opta. */
    static Service service(Metadata meta) {
        K8sService service = meta.service();
        if (service.ports().list().isEmpty()) {
            return null;
        }
        List<ServicePort> ports = new ArrayList<>();
        for (K8sService.Port port : service.ports().list()) {
            ports.add(new ServicePortBuilder()
                    .withName(port.name())
                    .withPort(port.servicePort())
                    .withTargetPort(new IntOrString(port.name()))
                    .withProtocol("TCP")
                    .build());
        }
        return new ServiceBuilder()
                .withMetadata(meta.object(meta.names().service(), meta.common(), serviceAnnotations(service)))
                .withNewSpec()
                .withPorts(ports)
                .withClusterIP(service.stateful() ? "None" : null)
                .withSelector(meta.selector())
                .endSpec()
                .build();
    }

    /**
     * Opta's marker for ingress-nginx's TCP services map ({@code {"<servicePort>": "<portName>"}}, Python's JSON
     * spacing). Kept so an environment that reconciles that map from it keeps routing; this plugin does not reconcile it.
     */
    private static Map<String, String> serviceAnnotations(K8sService service) {
        StringJoiner json = new StringJoiner(", ", "{", "}");
        for (K8sService.Port port : service.ports().list()) {
            if (port.type() == K8sService.Port.Type.TCP) {
                json.add("\"" + port.servicePort() + "\": \"" + port.name() + "\"");
            }
        }
        return json.length() == 2 ? Map.of() : Map.of(TCP_PORTS_ANNOTATION, json.toString());
    }

    /** One Ingress per entry, only when there is an http port (as in Opta). */
    static List<Ingress> ingresses(Metadata meta) {
        K8sService service = meta.service();
        K8sService.Port httpPort = service.ports().http();
        List<Ingress> ingresses = new ArrayList<>();
        if (httpPort == null) {
            return ingresses;
        }
        for (K8sService.PublicUri uri : service.routing().publicUris()) {
            ingresses.add(ingress(meta, uri, httpPort));
        }
        return ingresses;
    }

    /**
     * networking.k8s.io/v1 with {@code ingressClassName: nginx}. Opta's {@code kubernetes.io/ingress.class}
     * annotation is not rendered: the API server rejects creating an Ingress that sets both. A class given in
     * {@code ingress_extra_annotations} through that annotation becomes the {@code ingressClassName} instead.
     */
    private static Ingress ingress(Metadata meta, K8sService.PublicUri uri, K8sService.Port httpPort) {
        IngressRuleBuilder rule = new IngressRuleBuilder();
        if (uri.host() != null) {
            rule.withHost(uri.host());
        }
        rule.withNewHttp().withPaths(path(meta, uri, httpPort)).endHttp();
        Map<String, String> annotations = ingressAnnotations(meta.service(), uri, httpPort);
        String ingressClass = annotations.getOrDefault(LEGACY_CLASS_ANNOTATION, INGRESS_CLASS);
        annotations.remove(LEGACY_CLASS_ANNOTATION);
        return new IngressBuilder()
                .withMetadata(meta.object(meta.names().ingress(uri), meta.common(), annotations))
                .withNewSpec()
                .withIngressClassName(ingressClass)
                .withRules(rule.build())
                .endSpec()
                .build();
    }

    /**
     * Opta's regex path {@code <prefix>(/|$)(.*)} (the rewrite captures the rest). Such a path is
     * {@code ImplementationSpecific}: current ingress-nginx rejects regex characters in {@code Prefix} paths, which
     * Opta used. The root stays {@code Prefix}. The prefix is matched literally: Opta's {@code /v1.0} also matched
     * {@code /v1x0}.
     */
    private static HTTPIngressPath path(Metadata meta, K8sService.PublicUri uri, K8sService.Port httpPort) {
        boolean root = isRoot(uri);
        return new HTTPIngressPathBuilder()
                .withPath(root ? "/" : regexLiteral(uri.pathPrefix()) + "(/|$)(.*)")
                .withPathType(root ? "Prefix" : "ImplementationSpecific")
                .withNewBackend()
                .withNewService()
                .withName(meta.names().service())
                .withNewPort().withName(httpPort.name()).endPort()
                .endService()
                .endBackend()
                .build();
    }

    /**
     * Opta's annotations in Opta's order, then {@code ingress_extra_annotations} (which win). Opta's linkerd
     * {@code configuration-snippet} is not rendered: ingress-nginx 1.9 and later reject snippet annotations unless the
     * administrator allows them, which would fail every deploy; add it through {@code ingress_extra_annotations} where
     * snippets are allowed and linkerd needs it.
     */
    static Map<String, String> ingressAnnotations(K8sService service, K8sService.PublicUri uri, K8sService.Port httpPort) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (service.routing().stickySession()) {
            String maxAge = Integer.toString(service.routing().stickySessionMaxAge());
            annotations.put(NGINX + "affinity", "cookie");
            annotations.put(NGINX + "session-cookie-name", STICKY_COOKIE);
            annotations.put(NGINX + "session-cookie-expires", maxAge);
            annotations.put(NGINX + "session-cookie-max-age", maxAge);
        }
        if (service.routing().consistentHash() != null) {
            annotations.put(NGINX + "upstream-hash-by", service.routing().consistentHash());
        }
        if (!isRoot(uri)) {
            annotations.put(NGINX + "rewrite-target", service.routing().keepPathPrefix() ? uri.pathPrefix() + "$1$2" : "/$2");
        }
        if (httpPort.protocol() == K8sService.Port.Protocol.GRPC) {
            annotations.put(NGINX + "backend-protocol", "GRPC");
        }
        annotations.put("cert-manager.io/cluster-issuer", "opta-selfsigned");
        if (httpPort.protocol() == K8sService.Port.Protocol.WEBSOCKET) {
            annotations.put(NGINX + "proxy-read-timeout", "3600");
            annotations.put(NGINX + "proxy-send-timeout", "3600");
        }
        annotations.putAll(service.routing().extraAnnotations());
        return annotations;
    }

    /** The spec allows only '.' and '+' of the regex metacharacters in a path prefix. */
    private static String regexLiteral(String prefix) {
        return prefix.replace(".", "\\.").replace("+", "\\+");
    }

    private static boolean isRoot(K8sService.PublicUri uri) {
        return "/".equals(uri.pathPrefix());
    }
}
