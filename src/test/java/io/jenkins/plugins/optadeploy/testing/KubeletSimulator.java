package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the scheduler and the kubelet against a {@link RealControlPlane}, where the real Deployment and ReplicaSet
 * controllers create and delete the pods: it binds every new pod of a workload to {@link RealControlPlane#NODE}, moves
 * it through its {@link PodScript} by writing the pod's status (conditions, container state, restart count) and its
 * events, and confirms graceful deletions, as a kubelet does once the containers stopped. The workload's own status is
 * left to the real controllers; the pods' EndpointSlices are the simulator's ({@link SimEndpoints}). Only the
 * namespaces it was given are played, so parallel test classes do not meet.
 * Container logs are not served (the real API server would ask a kubelet for them).
 */
public final class KubeletSimulator extends PodScripts {
    private final KubernetesClient client;
    private final SimEventWriter events;
    private final SharedIndexInformer<Pod> informer;
    private final List<String> namespaces;
    private final Map<String, AtomicInteger> podsSeen = new ConcurrentHashMap<>();
    private final Map<String, SimPod> pods = new ConcurrentHashMap<>();
    private final Map<String, Pod> live = new ConcurrentHashMap<>();
    private final PodWorkloads workloads;

    public KubeletSimulator(RealControlPlane plane, String... namespaces) {
        this(plane.newAdminClient(), namespaces);
    }

    private KubeletSimulator(KubernetesClient client, String... namespaces) {
        super("kubelet-simulator", client);
        this.client = client;
        this.workloads = new PodWorkloads(client);
        this.events = new SimEventWriter(client, RealControlPlane.NODE);
        this.namespaces = List.of(namespaces);
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                loop.execute(() -> logFailure(() -> onPod(pod)));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                loop.execute(() -> logFailure(() -> onPod(pod)));
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            }
        });
    }

    @Override
    public void close() {
        informer.stop();
        stopLoop();
        client.close();
    }

    private void onPod(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (!namespaces.contains(ns)) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            pods.remove(ns + "/" + name);
            live.remove(ns + "/" + name);
            ignoreGone(() -> client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete());
            endpoints.write(ns, pods.values());
            return;
        }
        if (pods.containsKey(ns + "/" + name) || pod.getSpec().getNodeName() != null) {
            return;
        }
        String workload = workloads.of(pod);
        var container = pod.getSpec().getContainers().get(0);
        SimPod sim = new SimPod(ns, name, pod.getMetadata().getLabels(), container.getName(), container.getImage());
        pods.put(ns + "/" + name, sim);
        live.put(ns + "/" + name, pod);
        int index = podsSeen.computeIfAbsent(ns + "/" + workload, k -> new AtomicInteger()).getAndIncrement();
        List<PodScript.Step> steps = scriptFor(workload, index).steps();
        newPodsOf(workload);
        play(pod, sim, steps, 0, workload);
    }

    private void play(Pod pod, SimPod sim, List<PodScript.Step> steps, int next, String workload) {
        if (next >= steps.size()) {
            return;
        }
        PodScript.Step step = steps.get(next);
        loop.schedule(() -> logFailure(() -> {
            if (pods.get(key(pod)) == sim && change(pod, sim, workload, step.change())) {
                play(pod, sim, steps, next + 1, workload);
            }
        }), step.after().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every live pod of the workload becomes Ready now (its readiness probe passes), at the moment the test chooses;
     * so do its pods created from now on.
     */
    public void makeReady(String workload) throws Exception {
        loop.submit(() -> {
            script(workload, i -> PodScript.readyAfter(Duration.ZERO)); // pods are created on this thread too
            live.forEach((key, pod) -> {
                SimPod sim = pods.get(key);
                if (sim != null && workload.equals(workloads.of(pod))) {
                    change(pod, sim, workload, SimPod::runReady);
                }
            });
        }).get(30, TimeUnit.SECONDS);
    }

    /** Applies one change to the pod and writes what a kubelet would: binding, status, events. False: pod gone. */
    private boolean change(Pod pod, SimPod sim, String workload, java.util.function.Consumer<SimPod> change) {
        String ns = pod.getMetadata().getNamespace();
        boolean wasScheduled = pod.getSpec().getNodeName() != null;
        boolean wasReady = sim.ready();
        change.accept(sim);
        return ignoreGone(() -> {
            if (!wasScheduled && sim.status().getConditions().stream().anyMatch(c -> "PodScheduled"
                    .equals(c.getType()) && "True".equals(c.getStatus()))) {
                bind(pod);
            }
            Instant writing = Instant.now();
            client.pods().inNamespace(ns).withName(sim.name).editStatus(p -> {
                p.setStatus(sim.status());
                return p;
            });
            if (sim.ready() && !wasReady && allReady(ns, workload)) {
                allReadyWritten(workload, writing);
            }
            endpoints.write(ns, pods.values());
            events.write(pod, sim);
        });
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private void bind(Pod pod) {
        pod.getSpec().setNodeName(RealControlPlane.NODE);
        client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
                .withNewTarget().withKind("Node").withName(RealControlPlane.NODE).withApiVersion("v1").endTarget()
                .build()).create();
    }

    /** Whether every live pod of the workload's newest ReplicaSet is Ready in the simulator's view. */
    private boolean allReady(String ns, String workload) {
        return informer.getStore().list().stream()
                .filter(p -> ns.equals(p.getMetadata().getNamespace()) && workload.equals(workloads.of(p))
                        && p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> pods.get(ns + "/" + p.getMetadata().getName()))
                .filter(Objects::nonNull)
                .allMatch(SimPod::ready);
    }

    /** A failed write would otherwise vanish in the executor: the test then times out with this on its output. */
    private static void logFailure(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // closing
            }
            System.err.println("kubelet simulator: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
    }

    /** Runs a write; a pod deleted meanwhile (404, or 409 on a binding already gone) ends its script quietly. */
    private static boolean ignoreGone(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }
}
