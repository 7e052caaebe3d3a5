package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Puts back what an apply changed, as {@link Applier#rollback} describes; through the applier's retried calls. */
final class Rollback {
    private final Applier applier;
    private final ApplyListener listener;
    private final List<RollbackResult.Action> actions = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    Rollback(Applier applier, ApplyListener listener) {
        this.applier = applier;
        this.listener = listener;
    }

    RollbackResult restore(ClusterSnapshot snapshot, ApplyResult result) {
        List<AppliedObject> applied = new ArrayList<>(result.applied());
        Collections.reverse(applied);
        for (AppliedObject object : applied) {
            ObjectRef ref = object.ref();
            try {
                Optional<HasMetadata> before = snapshot.previous(ref);
                if (before.isEmpty()) {
                    applier.delete(reference(ref));
                    done(RollbackResult.Kind.DELETED, ref, "deleted " + ref + " (created by the failed deploy)");
                } else {
                    put(before.get(), "restoring " + ref);
                    done(RollbackResult.Kind.RESTORED, ref, "restored " + ref + " to its previous state");
                }
            } catch (RuntimeException e) {
                failures.add(ApiErrors.describe("roll back", ref, snapshot.namespace(), e));
            }
        }
        for (ObjectRef ref : result.pruned()) {
            try {
                put(snapshot.previous(ref).orElseThrow(), "recreating " + ref);
                done(RollbackResult.Kind.RECREATED, ref, "recreated " + ref + " (pruned by the failed deploy)");
            } catch (RuntimeException e) {
                failures.add(ApiErrors.describe("recreate", ref, snapshot.namespace(), e));
            }
        }
        List<String> notes = result.namespaceCreated()
                ? List.of("namespace " + result.namespace() + " was created by this deploy and is kept "
                        + "(opta-deploy never deletes a namespace); delete it yourself if it is not wanted")
                : List.of();
        return new RollbackResult(actions, failures, notes);
    }

    /** Applies the object as it was, forcing conflicts: the previous state wins over a field taken meanwhile. */
    private void put(HasMetadata before, String what) {
        HasMetadata restored = ServerFields.strip(before);
        applier.call(what, () -> applier.serverSideApply(restored, true, false));
    }

    private void done(RollbackResult.Kind kind, ObjectRef ref, String line) {
        actions.add(new RollbackResult.Action(kind, ref));
        listener.progress("rollback: " + line);
    }

    /** An object with only its identity, enough to address it (a typed fabric8 class when the kind is known). */
    private static HasMetadata reference(ObjectRef ref) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", ref.name());
        if (ref.namespace() != null) {
            metadata.put("namespace", ref.namespace());
        }
        Map<String, Object> object = Map.of("apiVersion", ref.apiVersion(), "kind", ref.kind(), "metadata", metadata);
        return Serialization.unmarshal(Serialization.asJson(object));
    }
}
