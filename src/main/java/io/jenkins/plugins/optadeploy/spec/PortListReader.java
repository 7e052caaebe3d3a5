package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code ports:} list, with Opta's rules plus Kubernetes' own: valid names, nothing used twice, one http port. */
final class PortListReader {
    private static final List<String> PORT_FIELDS = List.of("name", "type", "port", "service_port", "protocol");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9-]+");
    private static final int MAX_PORT_NAME = 15;

    private final Values values;
    private final Problems problems;

    PortListReader(Values values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The {@code ports:} list; entries with problems are reported and left out. */
    List<Port> list(Ref ref) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            problems.error(ref, "the ports list is empty: list at least one port");
        }
        List<Port> ports = new ArrayList<>();
        Map<String, Ref> names = new HashMap<>();
        Map<Integer, Ref> numbers = new HashMap<>();
        Map<Integer, Ref> servicePorts = new HashMap<>();
        Ref firstHttp = null;
        for (Ref item : items) {
            Port port = entry(item);
            if (port == null) {
                continue;
            }
            YamlMap map = YamlMap.of(item, problems);
            if (port.type() == Port.Type.HTTP) {
                if (firstHttp != null) {
                    problems.error(map.get("type"), "only one port may have type http (" + firstHttp.path()
                            + " already does): Opta routes one http port");
                    continue;
                }
                firstHttp = item;
            }
            Ref serviceWhere = map.has("service_port") ? map.get("service_port") : map.get("port");
            if (duplicate(names, port.name(), item, map.get("name"), "port name")
                    | duplicate(numbers, port.port(), item, map.get("port"), "container port")
                    | duplicate(servicePorts, port.servicePort(), item, serviceWhere, "service port")) {
                continue;
            }
            ports.add(port);
        }
        return ports;
    }

    private Port entry(Ref item) {
        YamlMap map = YamlMap.of(item, problems);
        if (map == null) {
            return null;
        }
        map.rejectUnknown(PORT_FIELDS);
        Ref nameRef = map.require("name");
        Ref typeRef = map.require("type");
        Ref portRef = map.require("port");
        String name = nameRef == null ? null : values.literal(nameRef);
        boolean ok = name != null && validName(nameRef, name);
        String type = typeRef == null ? null : values.literal(typeRef);
        Port.Type portType = null;
        if (type != null) {
            portType = switch (type) {
                case "http" -> Port.Type.HTTP;
                case "tcp" -> Port.Type.TCP;
                default -> null;
            };
            if (portType == null) {
                problems.error(typeRef, "'" + type + "' is not a port type: expected http or tcp");
            }
        }
        Integer port = portRef == null ? null : values.integer(portRef, 1, 65535);
        Ref serviceRef = map.get("service_port");
        Integer servicePort = serviceRef == null ? null : values.integer(serviceRef, 1, 65535);
        Port.Protocol protocol = Port.Protocol.NONE;
        Ref protocolRef = map.get("protocol");
        if (protocolRef != null) {
            String text = values.literal(protocolRef);
            if (text != null) {
                protocol = switch (text) {
                    case "grpc" -> Port.Protocol.GRPC;
                    case "websocket" -> Port.Protocol.WEBSOCKET;
                    default -> null;
                };
                if (protocol == null) {
                    problems.error(protocolRef, "'" + text + "' is not a protocol: expected grpc or websocket");
                } else if (portType == Port.Type.TCP) {
                    problems.error(protocolRef, "a tcp port cannot have protocol " + text
                            + ": grpc and websocket need type http");
                    protocol = null;
                }
            } else {
                protocol = null;
            }
        }
        if (!ok || portType == null || port == null || protocol == null || (serviceRef != null && servicePort == null)) {
            return null;
        }
        int service = servicePort != null ? servicePort : portType == Port.Type.HTTP ? 80 : port;
        return new Port(name, portType, protocol, port, service);
    }

    private boolean validName(Ref ref, String name) {
        if (!PORT_NAME.matcher(name).matches()) {
            problems.error(ref, "'" + name + "' is not a valid port name: use lowercase letters, digits and '-'");
            return false;
        }
        if (name.length() > MAX_PORT_NAME) {
            problems.error(ref, "'" + name + "' is " + name.length() + " characters long: Kubernetes limits port names to "
                    + MAX_PORT_NAME);
            return false;
        }
        if (name.startsWith("-") || name.endsWith("-") || name.contains("--") || name.chars().noneMatch(Character::isLetter)) {
            problems.error(ref, "'" + name + "' is not a valid Kubernetes port name: it needs a letter, and '-' only "
                    + "between letters or digits");
            return false;
        }
        return true;
    }

    private <K> boolean duplicate(Map<K, Ref> seen, K key, Ref entry, Ref where, String what) {
        Ref first = seen.putIfAbsent(key, entry);
        if (first != null) {
            problems.error(where, "duplicate " + what + " " + key + " (also used by " + first.path() + ")");
            return true;
        }
        return false;
    }
}
