package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Ports;
import io.jenkins.plugins.optadeploy.spec.K8sService.PublicUri;
import io.jenkins.plugins.optadeploy.spec.K8sService.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Ingress routing: {@code public_uri} entries and the ingress-nginx options, checked as ingress-nginx checks them. */
final class RoutingReader extends SectionReader {
    private static final int DEFAULT_STICKY_MAX_AGE = 86400;
    /** Characters a path prefix may have; '.' and '+' are escaped in the Ingress' regex path. */
    private static final Pattern URI_PATH = Pattern.compile("[A-Za-z0-9._~/+:@-]*");
    private static final String URI_PATH_CHARACTERS = "letters, digits and - . _ ~ / + : @";
    /** ingress-nginx's rewrite-target check (RegexPathWithCapture), which a kept prefix must pass. */
    private static final Pattern REWRITE_TARGET_PATH = Pattern.compile("[A-Za-z0-9._~/:-]*");
    /** ingress-nginx's upstream-hash-by check: nginx variables and text, spaces ignored. */
    private static final Pattern HASH_BY = Pattern.compile("[A-Za-z0-9_${} -]*");

    private final MetadataMaps metadata;

    RoutingReader(Values values) {
        super(values, "public_uri", "keep_path_prefix", "sticky_session", "sticky_session_max_age", "consistent_hash",
                "ingress_extra_annotations");
        this.metadata = new MetadataMaps(values);
    }

    /** @param portsWritten whether the module writes a port at all (an unreadable one is reported there, not here) */
    Routing read(YamlMap module, Ports ports, boolean portsWritten) {
        List<PublicUri> publicUris = list(module, "public_uri", this::publicUris);
        boolean portsUnreadable = ports.list().isEmpty() && portsWritten;
        if (!publicUris.isEmpty() && !portsUnreadable && ports.http() == null) {
            problems.error(get(module, "public_uri"), ports.list().isEmpty()
                    ? "public_uri needs an http port: add port: {http: 8080}"
                    : "public_uri needs an http port, but every port has type tcp");
        }
        Boolean keepPathPrefix = bool(module, "keep_path_prefix");
        if (Boolean.TRUE.equals(keepPathPrefix)) {
            checkKeptPrefixes(get(module, "public_uri"), publicUris);
        }
        Boolean sticky = bool(module, "sticky_session");
        Integer stickyMaxAge = integer(module, "sticky_session_max_age", 1, DEFAULT_STICKY_MAX_AGE);
        String consistentHash = optional(module, "consistent_hash", this::consistentHash);
        Map<String, String> annotations = optional(module, "ingress_extra_annotations", this::ingressAnnotations);
        if (keepPathPrefix == null || sticky == null || stickyMaxAge == null) {
            return null;
        }
        return new Routing(publicUris, keepPathPrefix, sticky, stickyMaxAge, consistentHash,
                annotations == null ? Map.of() : annotations);
    }

    private List<PublicUri> publicUris(Ref ref) {
        List<Ref> entries = ref.node() instanceof SequenceNode ? values.list(ref) : List.of(ref);
        List<PublicUri> out = new ArrayList<>();
        Map<String, Ref> seen = new HashMap<>();
        for (Ref entry : entries) {
            String text = values.string(entry);
            if (text == null) {
                continue;
            }
            PublicUri uri = publicUri(entry, text.trim());
            if (uri == null) {
                continue;
            }
            Ref first = seen.putIfAbsent(uri.host() + uri.pathPrefix(), entry);
            if (first != null) {
                problems.error(entry, "'" + text + "' routes the same host and path as " + first.path());
                continue;
            }
            out.add(uri);
        }
        return out;
    }

    private PublicUri publicUri(Ref ref, String text) {
        if (text.isEmpty()) {
            problems.error(ref, "public_uri is empty: write a host and/or path, e.g. \"/hello\" or \"app.example.com\"");
            return null;
        }
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        String path = slash < 0 ? "" : text.substring(slash);
        if (host.isEmpty() || host.equals("*")) {
            host = null;
        } else {
            String plain = host.startsWith("*.") ? host.substring(2) : host;
            if (KubernetesNames.isIpv4(host)) {
                problems.error(ref, "'" + host + "' is an IP address: Kubernetes requires an Ingress host to be a DNS "
                        + "name; leave the host out (e.g. \"/" + (path.length() > 1 ? path.substring(1) : "") + "\") "
                        + "to serve every host, the IP included");
                return null;
            }
            if (plain.length() > 253 || !KubernetesNames.DNS_SUBDOMAIN.matcher(plain).matches()) {
                problems.error(ref, "'" + host + "' is not a valid host name"
                        + (plain.equals(plain.toLowerCase(java.util.Locale.ROOT)) ? "" : ": write it in lowercase")
                        + (host.contains(":") ? ": a public_uri has no scheme or port, e.g. app.example.com/api" : ""));
                return null;
            }
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            path = "/";
        }
        if (path.contains("//")) {
            problems.error(ref, "'" + path + "' has an empty segment ('//'): write each '/' once");
            return null;
        }
        if (!URI_PATH.matcher(path).matches()) {
            problems.error(ref, "'" + YamlTypes.shorten(path) + "' is not a usable path prefix: "
                    + firstOutside(path, URI_PATH) + " is not allowed; use " + URI_PATH_CHARACTERS);
            return null;
        }
        return new PublicUri(host, path, text);
    }

    /** ingress-nginx refuses the whole Ingress when upstream-hash-by has other characters. */
    private String consistentHash(Ref ref) {
        String text = values.string(ref);
        if (text != null && !HASH_BY.matcher(text).matches()) {
            problems.error(ref, "'" + YamlTypes.shorten(text) + "' is not a consistent_hash ingress-nginx accepts: "
                    + firstOutside(text, HASH_BY) + " is not allowed; use nginx variables and text made of letters, "
                    + "digits, '_', '-', '$', '{', '}' and spaces, e.g. $request_uri");
            return null;
        }
        return text;
    }

    /** keep_path_prefix puts the prefix into ingress-nginx's rewrite-target, which allows fewer characters. */
    private void checkKeptPrefixes(Ref ref, List<PublicUri> uris) {
        for (PublicUri uri : uris) {
            if (!REWRITE_TARGET_PATH.matcher(uri.pathPrefix()).matches()) {
                problems.error(ref, "'" + uri.pathPrefix() + "' cannot be kept (keep_path_prefix: true): "
                        + firstOutside(uri.pathPrefix(), REWRITE_TARGET_PATH) + " is not allowed in ingress-nginx's "
                        + "rewrite-target; use letters, digits and - . _ ~ / : in the path, or remove keep_path_prefix");
            }
        }
    }

    /** Annotations; an ingress class given through Opta's annotation must be a name the API server accepts. */
    private Map<String, String> ingressAnnotations(Ref ref) {
        Map<String, String> map = metadata.annotations(ref);
        String ingressClass = map == null ? null : map.get(K8sService.INGRESS_CLASS_ANNOTATION);
        if (ingressClass != null && (ingressClass.length() > 253
                || !KubernetesNames.DNS_SUBDOMAIN.matcher(ingressClass).matches())) {
            problems.error(YamlMap.of(ref, problems).get(K8sService.INGRESS_CLASS_ANNOTATION), "'"
                    + YamlTypes.shorten(ingressClass) + "' is not an ingress class name: it becomes the Ingress' "
                    + "ingressClassName, a lowercase DNS name such as nginx");
            return null;
        }
        return map;
    }

    /** The first character of {@code text} that {@code allowed} (a character class repeated) refuses, quoted. */
    private static String firstOutside(String text, Pattern allowed) {
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            String character = new String(Character.toChars(text.codePointAt(i)));
            if (!allowed.matcher(character).matches()) {
                return Characters.describe(text.codePointAt(i));
            }
        }
        return "a character";
    }
}
