package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Service of the deploy that would send no traffic to the new pods: its selector matches none of them, or its
 * EndpointSlices (written by the endpoint-slice controller once pods are Ready and have an IP) list no ready endpoint.
 * The second usually clears within seconds of the pods turning Ready, so it settles before it warns.
 */
final class ServiceEndpoints implements Surroundings.ObjectCheck {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    @Override
    public List<Surroundings.Finding> judge(Surroundings around) {
        List<Surroundings.Finding> findings = new ArrayList<>();
        for (Service service : around.services()) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty() || "ExternalName".equals(service.getSpec().getType())) {
                continue; // endpoints managed by hand, or none: nothing to judge
            }
            long selected = around.newPods().stream().filter(p -> selects(selector, p)).count();
            if (selected == 0) {
                findings.add(new Surroundings.Finding("Service " + Surroundings.name(service) + " selects none of the "
                        + around.newPods().size() + " new pods of " + around.target().describe() + " (selector "
                        + selector + "): it sends them no traffic", false));
            } else if (around.slices() != null && readyEndpoints(around.slices(), service) == 0) {
                findings.add(new Surroundings.Finding("Service " + Surroundings.name(service) + " has no ready "
                        + "endpoints although it selects " + selected + " Ready new pods: its EndpointSlices list none "
                        + "(is the endpoint-slice controller running, do the pods have an IP?)", true));
            }
        }
        return findings;
    }

    private static boolean selects(Map<String, String> selector, Pod pod) {
        return Pods.labels(pod).entrySet().containsAll(selector.entrySet());
    }

    /** Endpoints whose ready condition is not false (the API reads an absent one as ready). */
    private static long readyEndpoints(List<EndpointSlice> slices, Service service) {
        return slices.stream()
                .filter(s -> s.getMetadata().getLabels() != null
                        && service.getMetadata().getName().equals(s.getMetadata().getLabels().get(SERVICE_NAME_LABEL)))
                .flatMap(s -> Optional.ofNullable(s.getEndpoints()).orElse(List.of()).stream())
                .filter(ServiceEndpoints::ready)
                .count();
    }

    private static boolean ready(Endpoint endpoint) {
        return endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
    }
}
