package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The informers of one namespace, shared by every rollout waiting in it: watches are per namespace and resource, never
 * per waiting deploy, so 50 deploys to one namespace share three watches. Which resources is each {@link WorkloadKind}'s
 * to say. (With the engine's JDK HTTP client an open watch costs no thread; with OkHttp each would hold one.)
 * fabric8's informers re-establish a closed watch from the last resource version and re-list when the server answers
 * 410 Gone; the caches they keep are what waits read on every change.
 */
final class NamespaceWatch {

    private static final String OWNER_INDEX = "controller-uid";
    private static final Map<Key, NamespaceWatch> REGISTRY = new HashMap<>();

    private record Key(KubernetesClient client, String namespace) {
    }

    private final Key key;
    private final Set<RolloutWait> waits = ConcurrentHashMap.newKeySet();
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> synced = new HashMap<>();

    private NamespaceWatch(Key key) {
        this.key = key;
    }

    /** Registers the wait and starts the informers its kind needs. */
    static NamespaceWatch join(KubernetesClient client, RolloutWait wait) {
        synchronized (REGISTRY) {
            NamespaceWatch watch = REGISTRY.computeIfAbsent(new Key(client, wait.target().namespace()), NamespaceWatch::new);
            watch.waits.add(wait);
            wait.target().workloadKind().watches.forEach(watch::start);
            return watch;
        }
    }

    /** Completes when the informers this target needs have their first list (fails when they cannot list). */
    CompletableFuture<Void> ready(RolloutTarget target) {
        synchronized (REGISTRY) {
            return CompletableFuture.allOf(target.workloadKind().watches.stream().map(w -> synced.get(w.resource()))
                    .toArray(CompletableFuture[]::new));
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

    private void start(WorkloadKind.Watch watch) {
        if (synced.containsKey(watch.resource())) {
            return;
        }
        SharedIndexInformer<? extends HasMetadata> informer = informer(watch.source().apply(key.client(), key.namespace()));
        informers.put(watch.resource(), informer);
        synced.put(watch.resource(), informer.start().toCompletableFuture());
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

    /** Wakes the waits this change concerns. */
    private void route(HasMetadata object) {
        for (RolloutWait wait : waits) {
            if (wait.target().workloadKind().concerns(object, wait.target(), this)) {
                wait.changed();
            }
        }
    }

    /** The cached object of this resource, by name; null when not cached (or not watched). */
    HasMetadata cached(WorkloadKind.Watch watch, String name) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(watch.resource());
        return informer == null ? null : informer.getIndexer().getByKey(key.namespace() + "/" + name);
    }

    /** The cached objects of this resource whose controller has this uid. */
    @SuppressWarnings("unchecked")
    <T extends HasMetadata> List<T> ownedBy(WorkloadKind.Watch watch, String uid) {
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(watch.resource());
        return informer == null ? List.of() : informer.getIndexer().byIndex(OWNER_INDEX, uid);
    }

    /** The rollout as the caches see it; null when the workload is not (or no longer) in the cache. */
    Snapshot cached(RolloutTarget target) {
        return target.workloadKind().cached(this, target);
    }
}
