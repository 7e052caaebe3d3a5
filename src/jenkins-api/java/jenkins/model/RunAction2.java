package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** Compile-only copy of Jenkins' {@code RunAction2}: an action told which run it belongs to. */
public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
