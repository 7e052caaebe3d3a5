package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module's known keys are what its sections declare: each key once, and no section reads an undeclared one. */
class SectionKeysTest {
    private static final Values VALUES = new Values(new Problems(),
            new Interpolator(Map.of(), Set.of(), null, null, null, Map.of(), false));

    @Test
    void theSectionsDeclareEveryK8sServiceFieldOnce() {
        var keys = new K8sServiceReader(VALUES, Map.of()).knownKeys();

        assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrder("type", "name", "depends_on", "image",
                "port", "ports", "probe_port", "min_containers", "max_containers", "autoscaling_target_cpu_percentage",
                "autoscaling_target_mem_percentage", "env_vars", "secrets", "links", "healthcheck_path",
                "liveness_probe_path", "readiness_probe_path", "healthcheck_command", "liveness_probe_command",
                "readiness_probe_command", "initial_liveness_delay", "initial_readiness_delay", "resource_request",
                "resource_limits", "public_uri", "keep_path_prefix", "sticky_session", "sticky_session_max_age",
                "consistent_hash", "ingress_extra_annotations", "persistent_storage", "tolerations", "cron_jobs",
                "commands", "args", "pod_annotations", "pod_labels", "timeout", "max_history",
                "additional_iam_policies", "additional_iam_roles");
    }

    @Test
    void aSectionCannotReadAKeyItDidNotDeclare() {
        SectionReader scaling = new ScalingReader(VALUES);

        assertThatThrownBy(() -> scaling.get(null, "public_uri"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ScalingReader reads 'public_uri' without declaring it");
    }
}
