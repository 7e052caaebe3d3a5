package hudson.model;

/** Compile-only copy of Jenkins' {@code Job}. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    protected Job(ItemGroup parent, String name) {}
}
