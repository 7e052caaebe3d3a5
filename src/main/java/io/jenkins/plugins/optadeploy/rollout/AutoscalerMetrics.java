package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The autoscaler of the workload reports that it cannot scale: AbleToScale=False (it cannot read or write the scale)
 * or ScalingActive=False (typically FailedGetResourceMetric: no metrics server, or pods without resource requests).
 * The workload runs at its current replicas meanwhile, so it warns; an autoscaler that has not reported yet is not
 * judged.
 */
final class AutoscalerMetrics implements Surroundings.ObjectCheck {

    private static final Set<String> MUST_BE_TRUE = Set.of("AbleToScale", "ScalingActive");

    @Override
    public List<Surroundings.Finding> judge(Surroundings around) {
        return around.autoscalers().stream().filter(hpa -> scales(hpa, around.target()))
                .flatMap(hpa -> Optional.ofNullable(hpa.getStatus()).map(s -> s.getConditions()).orElse(List.of())
                        .stream()
                        .filter(c -> MUST_BE_TRUE.contains(c.getType()) && "False".equals(c.getStatus()))
                        .map(c -> finding(hpa, c)))
                .toList();
    }

    private static boolean scales(HorizontalPodAutoscaler hpa, RolloutTarget target) {
        var ref = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        return ref != null && target.kind().equals(ref.getKind()) && target.name().equals(ref.getName());
    }

    private static Surroundings.Finding finding(HorizontalPodAutoscaler hpa, HorizontalPodAutoscalerCondition c) {
        return new Surroundings.Finding("HorizontalPodAutoscaler " + Surroundings.name(hpa) + " cannot scale: "
                + c.getType() + "=False (" + c.getReason() + "): " + c.getMessage(), false);
    }
}
