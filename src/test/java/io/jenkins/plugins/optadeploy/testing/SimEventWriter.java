package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a simulated pod's pending events as core/v1 Events, as the kubelet and scheduler do: a repeat of the same
 * reason and message bumps the existing Event's count. Used from one simulator thread.
 */
final class SimEventWriter {
    private final KubernetesClient client;
    /** The node named as the events' source host, or null. */
    private final String host;
    private final Map<String, String> names = new HashMap<>();

    SimEventWriter(KubernetesClient client, String host) {
        this.client = client;
        this.host = host;
    }

    void write(Pod pod, SimPod sim) {
        String ns = pod.getMetadata().getNamespace();
        for (SimPod.SimEvent event : sim.pendingEvents) {
            String key = ns + "/" + sim.name + "|" + event.reason() + "|" + event.message();
            String existing = names.get(key);
            String now = Instant.now().toString();
            if (existing != null) {
                client.v1().events().inNamespace(ns).withName(existing).edit(e -> {
                    e.setCount(Objects.requireNonNullElse(e.getCount(), 1) + 1);
                    e.setLastTimestamp(now);
                    return e;
                });
                continue;
            }
            String name = sim.name + "." + Long.toHexString(System.nanoTime());
            names.put(key, name);
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withName(sim.name).withNamespace(ns)
                    .withUid(pod.getMetadata().getUid()).withApiVersion("v1").endInvolvedObject()
                    .withType(event.type()).withReason(event.reason()).withMessage(event.message()).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent("FailedScheduling".equals(event.reason()) ? "default-scheduler"
                            : "kubelet").withHost(host).endSource().build()).create();
        }
        sim.pendingEvents.clear();
    }
}
