package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;
import java.util.List;

/** What a rollback did, for the report; {@code failures} empty means the cluster is back where it was. */
public record RollbackResult(List<Action> actions, List<String> failures, List<String> notes) implements Serializable {

    public enum Kind { RESTORED, DELETED, RECREATED }

    public record Action(Kind kind, ObjectRef ref) implements Serializable {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + " " + ref;
        }
    }

    public RollbackResult {
        actions = List.copyOf(actions);
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
