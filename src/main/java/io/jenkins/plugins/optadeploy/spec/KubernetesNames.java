package io.jenkins.plugins.optadeploy.spec;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** Kubernetes' own syntax rules for the names this spec turns into objects, labels and annotations. */
final class KubernetesNames {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    /** The API server's limit on the keys and values of one object's annotations together (TotalAnnotationSizeLimitB). */
    static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;
    /** IPv4 as Kubernetes' ParseIPSloppy reads it: four decimal parts up to 255, leading zeros allowed. */
    private static final Pattern IPV4 = Pattern.compile("([0-9]+)\\.([0-9]+)\\.([0-9]+)\\.([0-9]+)");

    private KubernetesNames() {}

    /** True when the API server would read {@code host} as an IP address (an Ingress host may not be one). */
    static boolean isIpv4(String host) {
        var matcher = IPV4.matcher(host);
        if (!matcher.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            String part = matcher.group(i).replaceFirst("^0+(?=.)", "");
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** What the API server counts against {@link #ANNOTATIONS_MAX_BYTES}: the UTF-8 bytes of every key and value. */
    static long annotationBytes(Map<String, String> annotations) {
        long total = 0;
        for (Map.Entry<String, String> entry : annotations.entrySet()) {
            total += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    /** Why {@code key} is not a valid label or annotation key, or null when it is. */
    static String keyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            return "'" + key + "' is not a valid key: the prefix before '/' must be a lowercase DNS name";
        }
        if (name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
            return "'" + key + "' is not a valid key: the name must be at most 63 letters, digits, '-', '_' or '.', "
                    + "beginning and ending with a letter or digit";
        }
        return null;
    }

    /** Why {@code value} is not a valid label value, or null when it is. */
    static String labelValueProblem(String value) {
        if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            return "'" + YamlTypes.shorten(value) + "' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', "
                    + "beginning and ending with a letter or digit";
        }
        return null;
    }
}
