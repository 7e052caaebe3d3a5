package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Plays the endpoint-slice controller, which neither test control plane runs (the real one starts only the deployment,
 * replica-set, garbage-collector, namespace and service-account controllers): one EndpointSlice per Service with a
 * selector, listing the simulated pods it selects that have an IP, ready as the pods are Ready.
 */
final class SimEndpoints {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;
    private volatile boolean stopped;

    SimEndpoints(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Rewrites the slices of every Service in the namespace from the pods the simulator plays there. A failed write
     * (the namespace going away) is told on stderr and never stops the simulator's pod scripts.
     */
    void write(String namespace, Collection<SimPod> pods) {
        if (stopped) {
            return;
        }
        try {
            writeAll(namespace, pods);
        } catch (KubernetesClientException e) {
            System.err.println("simulated endpoint-slice controller: " + e.getMessage());
        }
    }

    private void writeAll(String namespace, Collection<SimPod> pods) {
        for (Service service : client.services().inNamespace(namespace).list().getItems()) {
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector != null && !selector.isEmpty()) {
                write(namespace, service.getMetadata().getName(), pods.stream()
                        .filter(p -> namespace.equals(p.namespace) && p.ip != null
                                && p.labels.entrySet().containsAll(selector.entrySet()))
                        .map(SimEndpoints::endpoint).toList());
            }
        }
    }

    void stop() {
        stopped = true;
    }

    private void write(String namespace, String service, List<Endpoint> endpoints) {
        var slices = client.discovery().v1().endpointSlices().inNamespace(namespace);
        String name = service + "-sim";
        if (slices.withName(name).get() == null) {
            slices.resource(new EndpointSliceBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(SERVICE_NAME_LABEL, service).endMetadata().withAddressType("IPv4")
                    .withEndpoints(endpoints).build()).create();
        } else {
            slices.withName(name).edit(slice -> {
                slice.setEndpoints(endpoints);
                return slice;
            });
        }
    }

    private static Endpoint endpoint(SimPod pod) {
        return new EndpointBuilder().withAddresses(pod.ip).withNewConditions().withReady(pod.ready()).endConditions()
                .withNewTargetRef().withKind("Pod").withName(pod.name).withNamespace(pod.namespace).endTargetRef()
                .build();
    }
}
