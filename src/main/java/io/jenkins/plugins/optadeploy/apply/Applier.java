package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Applies a service's rendered objects with server-side apply (field manager {@value #FIELD_MANAGER}): the namespace
 * first, then each object, then prunes this service's objects that are no longer rendered. Captures the previous live
 * state of everything it touches first, so that {@link #rollback} can put it back. Transient API failures are retried
 * under a bounded {@link RetryPolicy}; a failure is never reported as success.
 */
public final class Applier {

    public static final String FIELD_MANAGER = "opta-deploy";

    private final KubernetesClient client;
    private final ApplyListener listener;
    private final Retrier retrier;

    public Applier(KubernetesClient client, ApplyListener listener) {
        this(client, listener, RetryPolicy.DEFAULT);
    }

    public Applier(KubernetesClient client, ApplyListener listener, RetryPolicy retryPolicy) {
        this.client = Objects.requireNonNull(client, "client");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.retrier = new Retrier(retryPolicy, listener);
    }

    /**
     * Applies {@code request}: reads what it will change, then writes. For a diff without writing use {@link #dryRun}.
     *
     * @throws ApplyException with a message naming the object, the reason and the way out, and what was done before
     */
    public ApplyOutcome apply(ApplyRequest request) throws ApplyException {
        List<HasMetadata> desired = DesiredObjects.of(request, listener);
        Before before = readBefore(request, desired);
        return write(request, desired, before);
    }

    /** The live state before the apply: the namespace, every desired object, and what is to be pruned. */
    private record Before(ClusterSnapshot snapshot, List<HasMetadata> toPrune) {}

    private Before readBefore(ApplyRequest request, List<HasMetadata> desired) throws ApplyException {
        String namespace = request.namespace();
        Map<ObjectRef, String> previous = new LinkedHashMap<>();
        try {
            CompletableFuture<Optional<Namespace>> namespaceRead = ConcurrentReads.start(() -> readNamespace(namespace));
            List<CompletableFuture<HasMetadata>> objectReads = desired.stream().map(object -> ConcurrentReads.start(
                    () -> call("reading " + ObjectRef.of(object), () -> client.resource(object).get()))).toList();
            List<HasMetadata> toPrune = findPrunable(request, desired);
            boolean namespaceExists = ConcurrentReads.result(namespaceRead).isPresent();
            for (int i = 0; i < desired.size(); i++) {
                HasMetadata live = ConcurrentReads.result(objectReads.get(i));
                previous.put(ObjectRef.of(desired.get(i)), live == null ? null : ObjectJson.yaml(live));
            }
            toPrune.forEach(live -> previous.put(ObjectRef.of(live), ObjectJson.yaml(live)));
            return new Before(new ClusterSnapshot(namespace, namespaceExists, previous), toPrune);
        } catch (KubernetesClientException e) {
            throw new ApplyException("Could not read the current state of namespace " + namespace
                    + " before applying (nothing was changed): " + ApiErrors.describe("read",
                    new ObjectRef("v1", "Namespace", null, namespace), namespace, e), nothingDone(namespace));
        }
    }

    /** Creates the namespace when missing, applies each object, prunes; on a failure says what was done so far. */
    private ApplyOutcome write(ApplyRequest request, List<HasMetadata> desired, Before before) throws ApplyException {
        ApplyProgress written = new ApplyProgress(request.namespace(), before.snapshot(),
                desired.stream().filter(Applier::isWorkload).map(ObjectRef::of).findFirst().orElse(null));
        try {
            if (!before.snapshot().namespaceExisted()) {
                createNamespace(request.namespace(), renderedNamespace(request));
                written.namespaceCreated = true;
                listener.progress("created namespace " + request.namespace());
            }
            for (HasMetadata object : desired) {
                written.applying(ObjectRef.of(object));
                AppliedObject applied = written.applied(call("applying " + written.current,
                        () -> serverSideApply(object, request.forceConflicts(), false)));
                listener.progress("applied " + applied);
            }
            for (HasMetadata live : before.toPrune()) {
                written.current = ObjectRef.of(live);
                delete(live);
                written.pruned.add(written.current);
                listener.progress("pruned " + written.current + " (no longer in the spec)");
            }
            return new ApplyOutcome(written.result(), before.snapshot());
        } catch (KubernetesClientException e) {
            if (written.inFlight != null && answerLost(e)) {
                // the server may have applied it before the connection broke: let a rollback cover it too
                written.applied.add(new AppliedObject(written.inFlight, written.isNew(written.inFlight), null));
            }
            String action = written.pruned.size() < before.toPrune().size() && written.applied.size() == desired.size()
                    ? "prune" : "apply";
            throw new ApplyException(ApiErrors.describe(action, written.current, request.namespace(), e),
                    new ApplyOutcome(written.result(), before.snapshot()));
        }
    }

    /** Whether the request may have taken effect although no answer arrived (broken connection, gateway timeout). */
    private static boolean answerLost(KubernetesClientException e) {
        KubernetesClientException last = e instanceof Retrier.RetriesExhausted && e.getCause() instanceof
                KubernetesClientException cause ? cause : e;
        return last.getCode() <= 0 || last.getCode() == 504;
    }

    /**
     * Puts back what {@code result} changed, as captured in {@code snapshot}: updated objects are re-applied as they
     * were (a Deployment returns to its previous pod template, i.e. rolls back), objects the deploy created are
     * deleted, pruned objects are recreated. Restoring forces conflicts: the previous state is put back even over a
     * field another manager took meanwhile. A namespace the deploy created is kept: opta-deploy never deletes a
     * namespace (deleting one deletes everything in it). Continues past failures and lists them.
     */
    public RollbackResult rollback(ClusterSnapshot snapshot, ApplyResult result) {
        // An aborted build interrupts the thread that then rolls back (the freestyle step's executor): its calls run
        // with the flag cleared, which is set again after.
        boolean interrupted = Thread.interrupted();
        try {
            return new Rollback(this, listener).restore(snapshot, result);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A server-side dry run (or, when the server has none, a client-side comparison): what apply would change. */
    public DryRunResult dryRun(ApplyRequest request) {
        List<HasMetadata> desired = DesiredObjects.of(request, listener);
        return new DryRun(this, client, listener).run(request.namespace(), desired, findPrunable(request, desired),
                request.forceConflicts());
    }

    private static ApplyOutcome nothingDone(String namespace) {
        ApplyResult none = new ApplyResult(namespace, false, List.of(), List.of(), null);
        return new ApplyOutcome(none, new ClusterSnapshot(namespace, true, Map.of()));
    }

    HasMetadata serverSideApply(HasMetadata object, boolean force, boolean dryRun) {
        PatchContext.Builder context = new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(FIELD_MANAGER)
                .withForce(force);
        if (dryRun) {
            context.withDryRun(List.of("All"));
        }
        return client.resource(object).patch(context.build());
    }

    /** Live objects of the prunable kinds that carry the owner label but are not in {@code desired}. */
    List<HasMetadata> findPrunable(ApplyRequest request, List<HasMetadata> desired) {
        Set<ObjectRef> wanted = new HashSet<>();
        desired.forEach(o -> wanted.add(kindAndName(ObjectRef.of(o))));
        List<CompletableFuture<List<HasMetadata>>> lists = PrunableKinds.KINDS.stream()
                .map(kind -> ConcurrentReads.start(() -> listOwned(request, kind))).toList();
        List<HasMetadata> prunable = new ArrayList<>();
        for (CompletableFuture<List<HasMetadata>> list : lists) {
            for (HasMetadata object : ConcurrentReads.result(list)) {
                if (!wanted.contains(kindAndName(ObjectRef.of(object)))) {
                    prunable.add(object);
                }
            }
        }
        return prunable;
    }

    /** This service's live objects of one kind; none when the credentials may not list the kind (or it is not served). */
    private List<HasMetadata> listOwned(ApplyRequest request, Class<? extends HasMetadata> kind) {
        try {
            return List.copyOf(call("listing " + kind.getSimpleName() + " objects to prune",
                    () -> client.resources(kind).inNamespace(request.namespace())
                            .withLabel(request.ownerLabelKey(), request.ownerLabelValue()).list().getItems()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
            // a namespace-scoped role may not list every kind, an older cluster may not serve it: prune what we can
            listener.progress("cannot list " + kind.getSimpleName() + " objects in " + request.namespace()
                    + " (HTTP " + e.getCode() + "); those are not checked for pruning");
            return List.of();
        }
    }

    private static ObjectRef kindAndName(ObjectRef ref) {
        return new ObjectRef(null, ref.kind(), ref.namespace(), ref.name());
    }

    /**
     * The live namespace. A deploy credential limited to its namespace usually may not read Namespace objects (HTTP
     * 403): the namespace is then taken to exist, since such a credential could not create it anyway.
     */
    Optional<Namespace> readNamespace(String namespace) {
        try {
            return call("reading namespace " + namespace,
                    () -> Optional.ofNullable(client.namespaces().withName(namespace).get()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            listener.progress("not allowed to read namespace " + namespace + " (HTTP 403); assuming it exists");
            return Optional.of(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build());
        }
    }

    /** The Namespace object the renderer produced for the request's namespace, if any (for its labels). */
    private static Namespace renderedNamespace(ApplyRequest request) {
        return request.objects().stream()
                .filter(o -> o instanceof Namespace && request.namespace().equals(o.getMetadata().getName()))
                .map(o -> (Namespace) ServerFields.copy(o))
                .findFirst().orElse(null);
    }

    private void createNamespace(String namespace, Namespace rendered) {
        Namespace object = rendered != null ? rendered
                : new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build();
        call("creating namespace " + namespace, () -> {
            try {
                return client.namespaces().resource(object).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return object; // created meanwhile, e.g. by an attempt whose answer was lost
                }
                throw e;
            }
        });
    }

    void delete(HasMetadata object) {
        call("deleting " + ObjectRef.of(object), () -> client.resource(object).delete());
    }

    <T> T call(String what, java.util.function.Supplier<T> action) {
        return retrier.call(what, action);
    }

    static boolean isWorkload(HasMetadata object) {
        return object instanceof Deployment || object instanceof StatefulSet;
    }
}
