package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * An Ingress of the deploy that no ingress controller has given an address (status.loadBalancer.ingress): the pods
 * serve, but nothing routes outside traffic to them yet. A warning, since a controller may take longer than any
 * rollout (a cloud load balancer) and the service works inside the cluster meanwhile.
 */
final class IngressAddress implements Surroundings.ObjectCheck {

    @Override
    public List<Surroundings.Finding> judge(Surroundings around) {
        return around.ingresses().stream().filter(IngressAddress::withoutAddress)
                .map(i -> new Surroundings.Finding("Ingress " + Surroundings.name(i) + " has no load-balancer address"
                        + " yet: is an ingress controller running for class "
                        + (i.getSpec() == null || i.getSpec().getIngressClassName() == null ? "(default)"
                                : i.getSpec().getIngressClassName()) + "?", false))
                .toList();
    }

    private static boolean withoutAddress(Ingress ingress) {
        var status = ingress.getStatus();
        return status == null || status.getLoadBalancer() == null || status.getLoadBalancer().getIngress() == null
                || status.getLoadBalancer().getIngress().isEmpty();
    }
}
