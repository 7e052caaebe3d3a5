package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an API server refusal into a message that names the object, the field and the way out. */
final class ApiErrors {

    private ApiErrors() {
    }

    static String describe(String action, ObjectRef ref, String namespace, RuntimeException failure) {
        if (failure instanceof Retrier.RetriesExhausted exhausted) {
            return "Could not " + action + " " + ref + " in namespace " + namespace + ": the API server kept failing ("
                    + exhausted.getMessage() + "). Nothing after it was applied; check the API server's health and "
                    + "deploy again.";
        }
        if (!(failure instanceof KubernetesClientException e)) {
            return "Could not " + action + " " + ref + " in namespace " + namespace + ": " + failure.getMessage();
        }
        Status status = e.getStatus();
        String serverMessage = status == null || status.getMessage() == null ? "" : status.getMessage();
        if (e.getCode() == 409 && isFieldConflict(status)) {
            String conflicts = conflicts(status);
            if (conflicts.contains(".spec.selector")) {
                // forcing would take the selector over and then fail on it: it is immutable
                return ref + " in namespace " + namespace + " was created by someone else with another selector: "
                        + conflicts + ". A selector is immutable, so forceConflicts cannot help. Way out: delete the "
                        + "object and deploy again (kubectl delete " + ref.kind().toLowerCase(Locale.ROOT) + " "
                        + ref.name() + " -n " + namespace + "; its pods are replaced, expect a short outage).";
            }
            return ref + " in namespace " + namespace + " has fields managed by someone else: " + conflicts
                    + ". opta-deploy does not take over fields other managers set. Way out: set `forceConflicts: true` "
                    + "to take them over (the other manager's values are overwritten), or undo the other change "
                    + "(e.g. the manual edit) and deploy again.";
        }
        if (e.getCode() == 422 && serverMessage.contains("field is immutable")) {
            List<String> fields = immutableFields(status);
            String field = fields.isEmpty() ? "a field" : String.join(", ", fields);
            String kind = ref.kind().toLowerCase(Locale.ROOT);
            return "Cannot update " + ref + " in namespace " + namespace + ": " + field + " is immutable and the new "
                    + "spec changes it (API server: " + serverMessage + "). Way out: keep the previous value (for a "
                    + "selector, keep the labels the previous deploy used), or delete the object and deploy again "
                    + "(kubectl delete " + kind + " " + ref.name() + " -n " + namespace
                    + "; its pods are replaced, expect a short outage).";
        }
        if (e.getCode() == 403) {
            return "Not allowed to " + action + " " + ref + " in namespace " + namespace + " (HTTP 403: " + serverMessage
                    + "). Grant the deploy credential's user that permission (RBAC) or use another credential.";
        }
        if (e.getCode() <= 0) {
            return "Could not " + action + " " + ref + " in namespace " + namespace + ": no answer from the API server ("
                    + Retrier.describe(e) + ").";
        }
        return "Could not " + action + " " + ref + " in namespace " + namespace + ": HTTP " + e.getCode()
                + (serverMessage.isEmpty() ? "" : " (" + serverMessage + ")") + ".";
    }

    private static boolean isFieldConflict(Status status) {
        return status != null && ("Conflict".equals(status.getReason()) && status.getMessage() != null
                && status.getMessage().startsWith("Apply failed") || !conflictCauses(status).isEmpty());
    }

    private static List<StatusCause> conflictCauses(Status status) {
        if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
            return List.of();
        }
        return status.getDetails().getCauses().stream()
                .filter(c -> "FieldManagerConflict".equals(c.getReason()))
                .toList();
    }

    private static String conflicts(Status status) {
        List<String> lines = new ArrayList<>();
        for (StatusCause cause : conflictCauses(status)) {
            lines.add(cause.getField() + " (" + cause.getMessage() + ")");
        }
        return lines.isEmpty() ? status.getMessage() : String.join(", ", lines);
    }

    private static List<String> immutableFields(Status status) {
        if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
            return List.of();
        }
        return status.getDetails().getCauses().stream()
                .filter(c -> c.getMessage() != null && c.getMessage().contains("immutable") && c.getField() != null)
                .map(StatusCause::getField)
                .distinct()
                .toList();
    }
}
