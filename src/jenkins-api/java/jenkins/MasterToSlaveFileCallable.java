package jenkins;

import hudson.FilePath;

/** Compile-only copy of Jenkins' {@code MasterToSlaveFileCallable}: a file callable the controller sends to an agent. */
public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
    private static final long serialVersionUID = 1L;

    public MasterToSlaveFileCallable() {}
}
