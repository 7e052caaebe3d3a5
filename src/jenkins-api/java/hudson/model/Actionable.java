package hudson.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Compile-only copy of Jenkins' {@code Actionable}: an in-memory action list. */
public abstract class Actionable {
    private final List<Action> actions = new CopyOnWriteArrayList<>();

    public Actionable() {}

    public void addAction(Action a) {
        actions.add(a);
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Action a : actions) {
            if (type.isInstance(a)) {
                out.add(type.cast(a));
            }
        }
        return out;
    }

    public <T extends Action> T getAction(Class<T> type) {
        List<T> all = getActions(type);
        return all.isEmpty() ? null : all.get(0);
    }
}
