package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.spec.K8sService.Ports;
import java.util.List;

/** The ports section: the legacy {@code port: {http: 80}} form or the {@code ports:} list, and the probe port. */
final class PortsReader extends SectionReader {
    private static final List<String> LEGACY_KEYS = List.of("http", "grpc", "websocket", "tcp");

    PortsReader(Values values) {
        super(values, "port", "ports", "probe_port");
    }

    /** Whether the module writes a port at all (readable or not), so dependent checks do not pile up. */
    boolean written(YamlMap module) {
        return get(module, "port") != null || get(module, "ports") != null;
    }

    Ports read(YamlMap module) {
        List<Port> ports = ports(module);
        return new Ports(ports, probePort(module, ports));
    }

    private List<Port> ports(YamlMap module) {
        Ref port = get(module, "port");
        Ref ports = get(module, "ports");
        if (port != null && ports != null) {
            problems.error(module.keyRef("ports"), "use either port or ports, not both");
            return List.of();
        }
        return port != null ? legacy(port) : ports != null ? new PortListReader(values).list(ports) : List.of();
    }

    private Port probePort(YamlMap module, List<Port> ports) {
        Ref ref = get(module, "probe_port");
        if (ref == null) {
            return ports.isEmpty() ? null : ports.get(0);
        }
        String name = values.literal(ref);
        if (name == null) {
            return null;
        }
        List<String> names = ports.stream().map(Port::name).toList();
        for (Port port : ports) {
            if (port.name().equals(name)) {
                return port;
            }
        }
        if (!ports.isEmpty() || !written(module)) {
            problems.error(ref, "no port is named '" + name + "'" + Suggestions.didYouMean(name, names)
                    + (names.isEmpty() ? "" : " (ports: " + String.join(", ", names) + ")"));
        }
        return null;
    }

    /** The legacy form: one port named {@code main}, service port 80, always type http (tcp becomes websocket). */
    List<Port> legacy(Ref ref) {
        YamlMap map = YamlMap.of(ref, problems);
        if (map == null) {
            return List.of();
        }
        if (map.keys().isEmpty()) {
            problems.error(ref, "give one of http, grpc, websocket or tcp with the container port, e.g. http: 8080");
            return List.of();
        }
        boolean ok = true;
        for (String key : map.keys()) {
            if (!LEGACY_KEYS.contains(key)) {
                problems.error(map.keyRef(key), "unknown port type; expected http, grpc, websocket or tcp"
                        + Suggestions.didYouMean(key, LEGACY_KEYS));
                ok = false;
            }
        }
        if (map.keys().size() > 1) {
            problems.error(ref, "give exactly one of http, grpc, websocket or tcp (found " + String.join(", ", map.keys())
                    + "); for several ports use the ports list");
            return List.of();
        }
        String key = map.keys().iterator().next();
        Ref number = map.require(key);
        Integer port = number == null ? null : values.integer(number, 1, 65535);
        if (!ok || port == null) {
            return List.of();
        }
        Port.Protocol protocol = switch (key) {
            case "grpc" -> Port.Protocol.GRPC;
            case "websocket", "tcp" -> Port.Protocol.WEBSOCKET;
            default -> Port.Protocol.NONE;
        };
        return List.of(new Port("main", Port.Type.HTTP, protocol, port, 80));
    }
}
