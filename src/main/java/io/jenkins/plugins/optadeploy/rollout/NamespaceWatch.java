package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The informers of one namespace, shared by every rollout waiting in it: watches are per namespace and kind, never per
 * waiting deploy, so 50 deploys to one namespace share three watches. (With the engine's JDK HTTP client an open watch
 * costs no thread; with OkHttp each would hold one.) fabric8's informers re-establish a closed watch from the last
 * resource version and re-list when the server answers 410 Gone; the caches they keep are what waits read on every
 * change.
 */
final class NamespaceWatch {

    enum Kind { DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS, PODS }

    private static final String OWNER_INDEX = "controller-uid";
    private static final Map<Key, NamespaceWatch> REGISTRY = new HashMap<>();

    private record Key(KubernetesClient client, String namespace) {
    }

    private final Key key;
    private final Set<RolloutWait> waits = ConcurrentHashMap.newKeySet();
    private final Map<Kind, SharedIndexInformer<? extends HasMetadata>> informers = new EnumMap<>(Kind.class);
    private final Map<Kind, CompletableFuture<Void>> synced = new EnumMap<>(Kind.class);

    private NamespaceWatch(Key key) {
        this.key = key;
    }

    /** Registers the wait and starts the informers its kind needs. */
    static NamespaceWatch join(KubernetesClient client, RolloutWait wait) {
        synchronized (REGISTRY) {
            NamespaceWatch watch = REGISTRY.computeIfAbsent(new Key(client, wait.target().namespace()), NamespaceWatch::new);
            watch.waits.add(wait);
            kindsFor(wait.target()).forEach(watch::start);
            return watch;
        }
    }

    /** Completes when the informers this target needs have their first list (fails when they cannot list). */
    CompletableFuture<Void> ready(RolloutTarget target) {
        synchronized (REGISTRY) {
            return CompletableFuture.allOf(kindsFor(target).stream().map(synced::get).toArray(CompletableFuture[]::new));
        }
    }

    /** Unregisters the wait; the last one out stops the informers. */
    void leave(RolloutWait wait) {
        synchronized (REGISTRY) {
            waits.remove(wait);
            if (waits.isEmpty() && REGISTRY.remove(key, this)) {
                informers.values().forEach(SharedIndexInformer::stop);
            }
        }
    }

    private static List<Kind> kindsFor(RolloutTarget target) {
        return RolloutTarget.DEPLOYMENT.equals(target.kind())
                ? List.of(Kind.DEPLOYMENTS, Kind.REPLICA_SETS, Kind.PODS)
                : List.of(Kind.STATEFUL_SETS, Kind.PODS);
    }

    private CompletableFuture<Void> start(Kind kind) {
        CompletableFuture<Void> started = synced.get(kind);
        if (started != null) {
            return started;
        }
        KubernetesClient client = key.client();
        String ns = key.namespace();
        SharedIndexInformer<? extends HasMetadata> informer = switch (kind) {
            case DEPLOYMENTS -> informer(client.apps().deployments().inNamespace(ns));
            case REPLICA_SETS -> informer(client.apps().replicaSets().inNamespace(ns));
            case STATEFUL_SETS -> informer(client.apps().statefulSets().inNamespace(ns));
            case PODS -> informer(client.pods().inNamespace(ns));
        };
        informers.put(kind, informer);
        started = informer.start().toCompletableFuture();
        synced.put(kind, started);
        return started;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(FilterWatchListDeletable<T, ?, ?> resources) {
        SharedIndexInformer<T> informer = resources.runnableInformer(0);
        Function<T, List<String>> owner = o -> Snapshot.controller(o).map(OwnerReference::getUid).map(List::of)
                .orElse(List.of());
        informer.addIndexers(Map.of(OWNER_INDEX, owner));
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                route(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                route(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                route(obj);
            }
        });
        return informer;
    }

    /** Wakes the waits this change concerns (all of them when the owner cannot be told from the cache). */
    private void route(HasMetadata object) {
        Optional<String[]> workload = workloadOf(object);
        for (RolloutWait wait : waits) {
            if (workload.isEmpty() || wait.target().kind().equals(workload.get()[0])
                    && wait.target().name().equals(workload.get()[1])) {
                wait.changed();
            }
        }
    }

    private Optional<String[]> workloadOf(HasMetadata object) {
        if (object instanceof Deployment || object instanceof StatefulSet) {
            return Optional.of(new String[] {object.getKind(), object.getMetadata().getName()});
        }
        Optional<OwnerReference> owner = Snapshot.controller(object);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        String kind = owner.get().getKind();
        if (RolloutTarget.DEPLOYMENT.equals(kind) || RolloutTarget.STATEFUL_SET.equals(kind)) {
            return Optional.of(new String[] {kind, owner.get().getName()});
        }
        if ("ReplicaSet".equals(kind) && object instanceof Pod) {
            HasMetadata rs = cached(Kind.REPLICA_SETS, owner.get().getName());
            return rs == null ? Optional.empty() : workloadOf(rs);
        }
        return Optional.empty();
    }

    private HasMetadata cached(Kind kind, String name) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
        return informer == null ? null : informer.getIndexer().getByKey(key.namespace() + "/" + name);
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> List<T> ownedBy(Kind kind, String uid) {
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(kind);
        return informer == null ? List.of() : informer.getIndexer().byIndex(OWNER_INDEX, uid);
    }

    /** The rollout as the caches see it; null when the workload is not (or no longer) in the cache. */
    Snapshot cached(RolloutTarget target) {
        boolean deployment = RolloutTarget.DEPLOYMENT.equals(target.kind());
        HasMetadata workload = cached(deployment ? Kind.DEPLOYMENTS : Kind.STATEFUL_SETS, target.name());
        if (workload == null) {
            return null;
        }
        String uid = workload.getMetadata().getUid();
        if (!deployment) {
            return new Snapshot(workload, List.of(), ownedBy(Kind.PODS, uid));
        }
        List<ReplicaSet> sets = ownedBy(Kind.REPLICA_SETS, uid);
        List<Pod> pods = new ArrayList<>();
        sets.forEach(rs -> pods.addAll(ownedBy(Kind.PODS, rs.getMetadata().getUid())));
        return new Snapshot(workload, sets, pods);
    }

    /**
     * The rollout read straight from the API server. Null when the workload is gone.
     * The workload and its pods are always read; ReplicaSets (whose identity and revision do not change) come from
     * {@code cached} unless a pod belongs to one the cache has not seen yet.
     */
    static Snapshot fresh(KubernetesClient client, RolloutTarget target, Snapshot cached) {
        String ns = target.namespace();
        boolean deployment = RolloutTarget.DEPLOYMENT.equals(target.kind());
        // Both reads at once: one round trip, not two.
        CompletableFuture<List<Pod>> podsRead = CompletableFuture.supplyAsync(() -> {
            var podQuery = client.pods().inNamespace(ns);
            return target.podSelector().isEmpty() ? podQuery.list().getItems()
                    : podQuery.withLabels(target.podSelector()).list().getItems();
        }, RolloutThreads.READER);
        HasMetadata workload = deployment
                ? client.apps().deployments().inNamespace(ns).withName(target.name()).get()
                : client.apps().statefulSets().inNamespace(ns).withName(target.name()).get();
        List<Pod> pods = join(podsRead);
        if (workload == null) {
            return null;
        }
        String uid = workload.getMetadata().getUid();
        if (!deployment) {
            return new Snapshot(workload, List.of(), pods.stream().filter(p -> Snapshot.ownedBy(p, uid)).toList());
        }
        List<ReplicaSet> known = cached == null || !uid.equals(cached.workload().getMetadata().getUid()) ? null
                : cached.replicaSets();
        List<ReplicaSet> sets = known;
        if (known == null || pods.stream().anyMatch(p -> ownedByUnknownReplicaSet(p, known))) {
            var rsQuery = client.apps().replicaSets().inNamespace(ns);
            sets = (target.podSelector().isEmpty() ? rsQuery.list().getItems()
                    : rsQuery.withLabels(target.podSelector()).list().getItems())
                    .stream().filter(rs -> Snapshot.ownedBy(rs, uid)).toList();
        }
        Set<String> setUids = new HashSet<>();
        sets.forEach(rs -> setUids.add(rs.getMetadata().getUid()));
        return new Snapshot(workload, sets, pods.stream()
                .filter(p -> Snapshot.controller(p).map(o -> setUids.contains(o.getUid())).orElse(false)).toList());
    }

    private static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static boolean ownedByUnknownReplicaSet(Pod pod, List<ReplicaSet> known) {
        return Snapshot.controller(pod).filter(o -> "ReplicaSet".equals(o.getKind()))
                .map(o -> known.stream().noneMatch(rs -> o.getUid().equals(rs.getMetadata().getUid())))
                .orElse(false);
    }
}
