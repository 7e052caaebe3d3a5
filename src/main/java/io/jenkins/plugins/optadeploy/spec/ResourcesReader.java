package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Resources;
import io.jenkins.plugins.optadeploy.spec.Quantities.Kind;
import io.jenkins.plugins.optadeploy.spec.Quantities.Quantity;
import java.util.List;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Requests and limits; limits default to twice the requests and may not be below them. */
final class ResourcesReader extends SectionReader {
    private static final long DEFAULT_CPU_MILLIS = 100;
    private static final long DEFAULT_MEMORY_MIB = 128;

    ResourcesReader(Values values) {
        super(values, "resource_request", "resource_limits");
    }

    Resources read(YamlMap module) {
        Quantity cpu = Quantities.ofInteger(Kind.CPU, DEFAULT_CPU_MILLIS);
        Quantity memory = Quantities.ofInteger(Kind.MEMORY, DEFAULT_MEMORY_MIB);
        Ref request = get(module, "resource_request");
        if (request != null) {
            YamlMap map = YamlMap.of(request, problems);
            if (map != null) {
                map.rejectUnknown(List.of("cpu", "memory"));
                Ref cpuRef = map.require("cpu");
                Ref memoryRef = map.require("memory");
                cpu = cpuRef == null ? null : quantity(cpuRef, Kind.CPU);
                memory = memoryRef == null ? null : quantity(memoryRef, Kind.MEMORY);
            }
        }
        Quantity cpuLimit = cpu == null ? null : cpu.doubled();
        Quantity memoryLimit = memory == null ? null : memory.doubled();
        Ref limits = get(module, "resource_limits");
        if (limits != null) {
            YamlMap map = YamlMap.of(limits, problems);
            if (map != null) {
                map.rejectUnknown(List.of("cpu", "memory"));
                Ref cpuRef = map.get("cpu");
                Ref memoryRef = map.get("memory");
                if (cpuRef != null) {
                    cpuLimit = atLeast(cpuRef, quantity(cpuRef, Kind.CPU), cpu, "cpu");
                }
                if (memoryRef != null) {
                    memoryLimit = atLeast(memoryRef, quantity(memoryRef, Kind.MEMORY), memory, "memory");
                }
            }
        }
        if (cpu == null || memory == null || cpuLimit == null || memoryLimit == null) {
            return null;
        }
        return new Resources(cpu.toString(), memory.toString(), cpuLimit.toString(), memoryLimit.toString());
    }

    private Quantity atLeast(Ref ref, Quantity limit, Quantity request, String what) {
        if (limit != null && request != null && limit.base().compareTo(request.base()) < 0) {
            problems.error(ref, "the " + what + " limit " + limit + " is below the request " + request
                    + ": Kubernetes refuses a limit smaller than the request");
            return null;
        }
        return limit;
    }

    private Quantity quantity(Ref ref, Kind kind) {
        if (ref.node() instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            Integer amount = values.integer(ref, 1, MAX);
            return amount == null ? null : Quantities.ofInteger(kind, amount);
        }
        String text = values.string(ref);
        if (text == null) {
            return null;
        }
        String[] error = new String[1];
        Quantity quantity = Quantities.parse(kind, text, error);
        if (quantity == null) {
            problems.error(ref, error[0]);
        }
        return quantity;
    }
}
