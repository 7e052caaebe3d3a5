package io.jenkins.plugins.optadeploy.image;

import java.util.Locale;
import java.util.regex.Pattern;

/** The host part of a registry name, and whether it is this machine's loopback interface. */
final class RegistryHost {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private RegistryHost() {}

    /** {@code localhost:5000 -> localhost}, {@code [::1]:5000 -> ::1}. */
    static String host(String registry) {
        if (registry.startsWith("[")) {
            int end = registry.indexOf(']');
            return end < 0 ? registry : registry.substring(1, end);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    /** Loopback by name or literal address only; a DNS name resolving to 127.0.0.1 does not count. */
    static boolean isLoopback(String registry) {
        String host = host(registry).toLowerCase(Locale.ROOT);
        return host.equals("localhost")
                || IPV4_LOOPBACK.matcher(host).matches()
                || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1");
    }

    /** {@code host:port} as the user should check it, with the default HTTPS port made explicit. */
    static String hostAndPort(String registry) {
        boolean hasPort = registry.startsWith("[") ? registry.contains("]:") : registry.contains(":");
        return hasPort ? registry : registry + ":443";
    }
}
