package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** What an apply has written so far, and the object it is at: the result, or what a failure leaves to roll back. */
final class ApplyProgress {
    final String namespace;
    final ClusterSnapshot snapshot;
    final ObjectRef workload;
    final List<AppliedObject> applied = new ArrayList<>();
    final List<ObjectRef> pruned = new ArrayList<>();
    boolean namespaceCreated;
    Long workloadGeneration;
    /** The object being written, for the message when it fails. */
    ObjectRef current;
    /** Sent, not answered yet. */
    ObjectRef inFlight;

    ApplyProgress(String namespace, ClusterSnapshot snapshot, ObjectRef workload) {
        this.namespace = namespace;
        this.snapshot = snapshot;
        this.workload = workload;
        this.current = new ObjectRef("v1", "Namespace", null, namespace);
    }

    void applying(ObjectRef ref) {
        current = ref;
        inFlight = ref;
    }

    /** The server's answer to the object in flight. */
    AppliedObject applied(HasMetadata result) {
        Long generation = result == null ? null : result.getMetadata().getGeneration();
        AppliedObject object = new AppliedObject(inFlight, isNew(inFlight), generation);
        applied.add(object);
        if (inFlight.equals(workload)) {
            workloadGeneration = generation;
        }
        inFlight = null;
        return object;
    }

    boolean isNew(ObjectRef ref) {
        return !snapshot.existed(ref);
    }

    ApplyResult result() {
        return new ApplyResult(namespace, namespaceCreated, applied, pruned, workloadGeneration);
    }
}
