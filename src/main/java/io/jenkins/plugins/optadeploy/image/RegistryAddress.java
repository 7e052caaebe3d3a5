package io.jenkins.plugins.optadeploy.image;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.util.regex.Pattern;

/**
 * A registry as image references name it, {@code host[:port]}: a DNS name, an IPv4 literal or a bracketed IPv6
 * literal, and a port from 1 to 65535. One rule for the CLI, the Jenkins forms and the engine, checked before any
 * URL is built from it.
 */
public final class RegistryAddress {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final int MAX_HOST_LENGTH = 253;

    private RegistryAddress() {}

    /** What is wrong with {@code value} as a registry, or null when it is a valid {@code host[:port]}. */
    public static String problem(String value) {
        if (value == null || value.isBlank()) {
            return "the registry is empty: write it as host or host:port, for example registry.example.com:5000";
        }
        String v = value.trim();
        if (v.contains("/") || v.contains("@")) {
            return "write the registry as host or host:port (no scheme, no path), for example registry.example.com:5000";
        }
        HostAndPort parsed;
        try {
            parsed = HostAndPort.fromString(v);
        } catch (IllegalArgumentException e) {
            return portOrSyntax(v);
        }
        if (parsed.hasPort() && parsed.getPort() < 1) {
            return "the port of registry '" + v + "' must be a number from 1 to 65535";
        }
        String host = parsed.getHost();
        if (v.startsWith("[")) {
            return host.contains(":") && InetAddresses.isInetAddress(host) ? null
                    : "'" + host + "' in registry '" + v + "' is not a valid IPv6 address";
        }
        if (host.contains(":")) {
            return "an IPv6 registry address goes in brackets: [" + host + "]:5000";
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            return InetAddresses.isInetAddress(host) ? null
                    : "'" + host + "' in registry '" + v + "' is not a valid IPv4 address";
        }
        return validDnsName(host) ? null : "'" + host + "' in registry '" + v + "' is not a valid host name";
    }

    /** Guava refuses ports above 65535 and non-numeric ports as a whole; say which. */
    private static String portOrSyntax(String v) {
        int colon = v.lastIndexOf(':');
        if (colon > 0 && (v.indexOf(':') == colon || v.startsWith("["))) {
            return "the port of registry '" + v + "' must be a number from 1 to 65535";
        }
        return "'" + v + "' is not a registry: write it as host or host:port, for example registry.example.com:5000";
    }

    private static boolean validDnsName(String host) {
        if (host.length() > MAX_HOST_LENGTH || host.startsWith(".") || host.endsWith(".")) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // a top-level label is never all digits: 999.1.1.1 or 1.2.3 is a mistyped address, not a name
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
