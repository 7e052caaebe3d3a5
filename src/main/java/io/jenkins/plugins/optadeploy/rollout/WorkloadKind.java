package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * What the gate knows about one kind of workload, as Krane has a class per resource kind: which resources it watches,
 * how it finds its new pods in the caches or on the API server, and when its rollout is done. The only place that
 * names a workload kind.
 */
abstract class WorkloadKind {

    /** A resource the gate watches in the namespace, shared by every kind that names it. */
    record Watch(String resource, BiFunction<KubernetesClient, String,
            NonNamespaceOperation<? extends HasMetadata, ?, ? extends Resource<? extends HasMetadata>>> source) {
    }

    static final Watch PODS = new Watch("pods", (client, ns) -> client.pods().inNamespace(ns));

    /** Holder, so that the subclasses are built after this class. */
    private static final class Known {
        static final List<WorkloadKind> ALL = List.of(new DeploymentRollout(), new StatefulSetRollout());
    }

    final String kind;
    /** The watch of the workloads themselves. */
    final Watch workloads;
    /** The watches a rollout of this kind needs: {@link #workloads}, PODS and what lies between. */
    final List<Watch> watches;

    WorkloadKind(String kind, Watch workloads, List<Watch> watches) {
        this.kind = kind;
        this.workloads = workloads;
        this.watches = List.copyOf(watches);
    }

    static WorkloadKind named(String kind) {
        return Known.ALL.stream().filter(k -> k.kind.equals(kind)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("kind must be " + Known.ALL.stream().map(k -> k.kind)
                        .collect(Collectors.joining(" or ")) + ", not " + kind));
    }

    /** The labels of the workload's pods ({@code spec.selector.matchLabels}). */
    abstract Map<String, String> podSelector(HasMetadata workload);

    /** The rollout as the caches see it, given the cached workload. */
    abstract Snapshot cached(NamespaceWatch caches, HasMetadata workload);

    /** Where the rollout stands in this snapshot. */
    abstract RolloutStatus status(RolloutTarget target, Snapshot snapshot);

    /** The snapshot of a workload just read, with its pods (read alongside) and what else the kind needs. */
    abstract Snapshot snapshot(KubernetesClient client, RolloutTarget target, HasMetadata workload, List<Pod> pods,
                               Snapshot cached);

    /** The rollout read straight from the API server: the workload and its pods at once. Null when the workload is gone. */
    final Snapshot fresh(KubernetesClient client, RolloutTarget target, Snapshot cached) {
        CompletableFuture<List<Pod>> podsRead = CompletableFuture.supplyAsync(
                () -> list(client.pods().inNamespace(target.namespace()), target), RolloutThreads.READER);
        HasMetadata workload = workloads.source().apply(client, target.namespace()).withName(target.name()).get();
        List<Pod> pods;
        try {
            pods = podsRead.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return workload == null ? null : snapshot(client, target, workload, pods, cached);
    }

    /** The rollout as the caches see it; null when the workload is not (or no longer) in the cache. */
    final Snapshot cached(NamespaceWatch caches, RolloutTarget target) {
        HasMetadata workload = caches.cached(workloads, target.name());
        return workload == null ? null : cached(caches, workload);
    }

    /** Whether a change to a watched object concerns the target's rollout; true where the caches cannot tell. */
    final boolean concerns(HasMetadata object, RolloutTarget target, NamespaceWatch caches) {
        if (kind.equals(object.getKind())) {
            return target.name().equals(object.getMetadata().getName());
        }
        Optional<OwnerReference> owner = Snapshot.controller(object);
        if (owner.isEmpty()) {
            return true;
        }
        return kind.equals(owner.get().getKind()) ? target.name().equals(owner.get().getName())
                : concernsThrough(owner.get(), target, caches);
    }

    /** Whether an owner between the pods and the workload (a Deployment's ReplicaSet) belongs to the target. */
    boolean concernsThrough(OwnerReference owner, RolloutTarget target, NamespaceWatch caches) {
        return false;
    }

    /** The watched resources, for a hint about missing permissions. */
    final String watchedResources() {
        return watches.stream().map(Watch::resource).collect(Collectors.joining(", "));
    }

    /** The objects of a list narrowed to the target's pod labels, when it has any. */
    static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> List<T> list(
            FilterWatchListDeletable<T, L, R> query, RolloutTarget target) {
        return (target.podSelector().isEmpty() ? query : query.withLabels(target.podSelector())).list().getItems();
    }

    static long generation(Long value) {
        return value == null ? 0 : value;
    }

    static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
