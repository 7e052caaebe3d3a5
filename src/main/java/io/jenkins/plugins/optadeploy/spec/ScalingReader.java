package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Scaling;

/** Replicas and autoscaling targets: the HPA, and whether there is a workload at all ({@code max_containers: 0}). */
final class ScalingReader extends SectionReader {
    private static final int DEFAULT_MIN = 1;
    private static final int DEFAULT_MAX = 3;
    private static final int DEFAULT_TARGET_PERCENT = 80;

    private Integer max;

    ScalingReader(Values values) {
        super(values, "min_containers", "max_containers", "autoscaling_target_cpu_percentage",
                "autoscaling_target_mem_percentage");
    }

    /** max_containers as read, null when it is unreadable: 0 makes a cron-only service, which needs no port. */
    Integer maxContainers() {
        return max;
    }

    Scaling read(YamlMap module) {
        max = integer(module, "max_containers", 0, DEFAULT_MAX);
        Integer min = integer(module, "min_containers", 0, max != null && max == 0 ? 0 : DEFAULT_MIN);
        checkReplicas(module, min, max);
        Integer targetCpu = integer(module, "autoscaling_target_cpu_percentage", 0, DEFAULT_TARGET_PERCENT);
        Integer targetMemory = integer(module, "autoscaling_target_mem_percentage", 0, DEFAULT_TARGET_PERCENT);
        if (min == null || max == null || targetCpu == null || targetMemory == null) {
            return null;
        }
        return new Scaling(min, max, targetCpu, targetMemory);
    }

    private void checkReplicas(YamlMap module, Integer min, Integer max) {
        if (min == null || max == null) {
            return;
        }
        Ref where = get(module, "min_containers") != null ? get(module, "min_containers") : get(module, "max_containers");
        if (min > max) {
            problems.error(where, "min_containers (" + min + ") is greater than max_containers (" + max + ")");
        } else if (min == 0 && max != 0) {
            problems.error(where, "min_containers may be 0 only when max_containers is 0 too (a cron-only service)");
        }
    }
}
