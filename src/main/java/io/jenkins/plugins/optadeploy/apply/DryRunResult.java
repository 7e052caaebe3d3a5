package io.jenkins.plugins.optadeploy.apply;

import java.util.List;

/**
 * What an apply would do, per object, as unified diffs of live versus desired YAML (server-managed fields left out,
 * Secret values hidden). {@code serverSide}: the API server computed the desired state (defaults, admission);
 * otherwise it is a client-side comparison.
 */
public record DryRunResult(String namespace, boolean namespaceWouldBeCreated, boolean serverSide,
        List<ObjectDiff> objects) {

    public enum Change { CREATE, UPDATE, UNCHANGED, PRUNE, REFUSED }

    /** {@code diff} is empty when unchanged; {@code message} explains a refusal (conflict, immutable field). */
    public record ObjectDiff(ObjectRef ref, Change change, String diff, String message) {
    }

    public DryRunResult {
        objects = List.copyOf(objects);
    }

    public boolean changesAnything() {
        return namespaceWouldBeCreated || objects.stream().anyMatch(o -> o.change() != Change.UNCHANGED);
    }

    /** The report: one line per object, then its diff. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Dry run (").append(serverSide ? "server-side" : "client-side comparison")
                .append("), namespace ").append(namespace)
                .append(namespaceWouldBeCreated ? " (would be created)" : "").append('\n');
        for (ObjectDiff object : objects) {
            out.append(object.change().name().toLowerCase()).append(' ').append(object.ref()).append('\n');
            if (object.message() != null) {
                out.append("  ").append(object.message()).append('\n');
            }
            if (!object.diff().isEmpty()) {
                out.append(object.diff()).append('\n');
            }
        }
        return out.toString();
    }
}
