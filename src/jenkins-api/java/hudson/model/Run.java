package hudson.model;

import java.io.File;
import java.io.IOException;
import jenkins.model.RunAction2;

/**
 * Compile-only copy of Jenkins' {@code Run}. Where the answer needs Jenkins' storage (root directory, URL, id) the
 * body throws; test doubles override those members.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    protected final transient JobT project;
    public transient int number;

    protected Run(JobT job) throws IOException {
        this.project = job;
    }

    @Override
    public void addAction(Action a) {
        super.addAction(a);
        if (a instanceof RunAction2 r) {
            r.onAttached(this);
        }
    }

    public JobT getParent() {
        return project;
    }

    public int getNumber() {
        return number;
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("needs Jenkins' build storage");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("needs Jenkins' URL space");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("needs Jenkins' item names");
    }

    public String getFullDisplayName() {
        return "#" + number;
    }
}
