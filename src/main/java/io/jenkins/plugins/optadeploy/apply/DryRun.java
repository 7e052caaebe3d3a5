package io.jenkins.plugins.optadeploy.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;

/** Computes what an apply would change without changing anything. See {@link Applier#dryRun}. */
final class DryRun {

    private static final String HIDDEN = "<hidden>";
    private static final String HIDDEN_CHANGED = "<hidden, changed>";

    private final Applier applier;
    private final KubernetesClient client;
    private final ApplyListener listener;
    private boolean serverSide = true;

    DryRun(Applier applier, KubernetesClient client, ApplyListener listener) {
        this.applier = applier;
        this.client = client;
        this.listener = listener;
    }

    DryRunResult run(String namespace, List<HasMetadata> desired, List<HasMetadata> prunable, boolean force) {
        boolean namespaceMissing = applier.readNamespace(namespace).isEmpty();
        List<DryRunResult.ObjectDiff> diffs = new ArrayList<>();
        for (HasMetadata object : desired) {
            ObjectRef ref = ObjectRef.of(object);
            HasMetadata live = namespaceMissing ? null : applier.call("reading " + ref, () -> client.resource(object).get());
            HasMetadata wouldBe;
            try {
                wouldBe = wouldBecome(object, live, force, namespaceMissing);
            } catch (KubernetesClientException e) {
                diffs.add(new DryRunResult.ObjectDiff(ref, DryRunResult.Change.REFUSED, "",
                        ApiErrors.describe("apply", ref, namespace, e)));
                continue;
            }
            String diff = diff(ref, live, wouldBe);
            DryRunResult.Change change = live == null ? DryRunResult.Change.CREATE
                    : diff.isEmpty() ? DryRunResult.Change.UNCHANGED : DryRunResult.Change.UPDATE;
            diffs.add(new DryRunResult.ObjectDiff(ref, change, diff, null));
        }
        for (HasMetadata live : prunable) {
            diffs.add(new DryRunResult.ObjectDiff(ObjectRef.of(live), DryRunResult.Change.PRUNE,
                    diff(ObjectRef.of(live), live, null), "no longer in the spec: would be deleted"));
        }
        return new DryRunResult(namespace, namespaceMissing, serverSide, diffs);
    }

    private HasMetadata wouldBecome(HasMetadata object, HasMetadata live, boolean force, boolean namespaceMissing) {
        if (serverSide && !namespaceMissing) {
            try {
                return applier.call("dry-run applying " + ObjectRef.of(object),
                        () -> applier.serverSideApply(object, force, true));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 415 && e.getCode() != 405 && !(e.getCode() == 400 && mentionsDryRun(e))) {
                    throw e;
                }
                serverSide = false;
                listener.progress("this API server does not support server-side dry-run apply (HTTP " + e.getCode()
                        + "); comparing on the client side instead");
            }
        }
        if (live == null) {
            return object;
        }
        ObjectNode merged = ObjectJson.tree(live);
        mergeInto(merged, ObjectJson.tree(object));
        return ObjectJson.object(merged.toString());
    }

    private static boolean mentionsDryRun(KubernetesClientException e) {
        String message = e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
        return message != null && message.toLowerCase().contains("dry");
    }

    private static void mergeInto(ObjectNode target, JsonNode sent) {
        sent.properties().forEach(field -> {
            if (target.get(field.getKey()) instanceof ObjectNode child && field.getValue().isObject()) {
                mergeInto(child, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static String diff(ObjectRef ref, HasMetadata live, HasMetadata desired) {
        ObjectNode liveTree = live == null ? null : comparable(live);
        ObjectNode desiredTree = desired == null ? null : comparable(desired);
        if ("Secret".equals(ref.kind())) {
            hideSecretValues(liveTree, desiredTree);
        }
        List<String> before = lines(liveTree);
        List<String> after = lines(desiredTree);
        Patch<String> patch = DiffUtils.diff(before, after);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("live/" + ref, "desired/" + ref, before, patch, 3));
    }

    private static ObjectNode comparable(HasMetadata object) {
        return ObjectJson.tree(ServerFields.strip(object));
    }

    private static List<String> lines(ObjectNode tree) {
        if (tree == null) {
            return List.of();
        }
        // back through the typed model so both sides list fields in the same order
        HasMetadata typed = ObjectJson.object(tree.toString());
        return ObjectJson.yaml(typed).lines().filter(l -> !l.equals("---")).toList();
    }

    /** Secret values never reach a log: each is hidden, marked when it changes. */
    private static void hideSecretValues(ObjectNode live, ObjectNode desired) {
        for (String field : List.of("data", "stringData")) {
            JsonNode liveValues = live == null ? null : live.get(field);
            if (desired != null && desired.get(field) instanceof ObjectNode values) {
                // a copy of the names: the loop replaces the values
                List<String> keys = new ArrayList<>();
                values.fieldNames().forEachRemaining(keys::add);
                for (String key : keys) {
                    boolean same = liveValues != null && values.get(key).equals(liveValues.get(key));
                    values.put(key, live == null || same ? HIDDEN : HIDDEN_CHANGED);
                }
            }
            if (liveValues instanceof ObjectNode values) {
                List<String> keys = new ArrayList<>();
                values.fieldNames().forEachRemaining(keys::add);
                keys.forEach(key -> values.put(key, HIDDEN));
            }
        }
    }
}
