package io.jenkins.plugins.optadeploy.spec;

/** Label keys the deploy owns: {@code pod_labels} may not set them (the reader refuses, the renderer relies on it). */
public final class ReservedLabels {
    /** Opta's selector keys: changing them on the pod template orphans the pods (and the selector is immutable). */
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    /** Ownership: the apply stage finds and prunes objects by it. */
    public static final String OWNER = "opta-deploy.jenkins.io/service";

    private ReservedLabels() {}
}
