package hudson.model;

/** Compile-only copy of Jenkins' {@code AbstractProject}, named by BuildStepDescriptor#isApplicable. */
public abstract class AbstractProject<P extends AbstractProject<P, R>, R> {
    private AbstractProject() {}
}
