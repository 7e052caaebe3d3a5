package io.jenkins.plugins.optadeploy.manifests;

import io.jenkins.plugins.optadeploy.spec.ReservedLabels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The label and annotation keys the rendered objects carry; the apply stage finds and prunes by {@link #OWNER}. */
public final class Labels {
    private Labels() {}

    /**
     * Ownership: every rendered object except the Namespace carries it, value {@link #ownerValue}. Pod templates,
     * job templates and volume claim templates do not, so pods, ReplicaSets, Jobs and PVCs are never prune candidates.
     */
    public static final String OWNER = ReservedLabels.OWNER;

    /** Traceability annotations, filled from the {@link RenderContext}; absent when the context has no value. */
    public static final String BUILD_URL = "opta-deploy.jenkins.io/build-url";
    public static final String BUILD_TAG = "opta-deploy.jenkins.io/build-tag";
    public static final String SPEC_SHA256 = "opta-deploy.jenkins.io/spec-sha256";
    public static final String IMAGE_DIGEST = "opta-deploy.jenkins.io/image-digest";
    public static final String DEPLOYED_BY = "opta-deploy.jenkins.io/deployed-by";

    /** Kubernetes recommended labels; name and instance keep Opta's values because they are the selector. */
    public static final String NAME = ReservedLabels.NAME;
    public static final String INSTANCE = ReservedLabels.INSTANCE;
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** Opta's chart name, the value of {@link #NAME} in every selector Opta created. */
    public static final String NAME_VALUE = "k8s-service";
    public static final String MANAGED_BY_VALUE = "opta-deploy";

    /** Opta's own labels, kept so dashboards and queries written for Opta keep matching. */
    public static final String OPTA_MODULE = "opta.dev/module-name";
    public static final String OPTA_LAYER = "opta.dev/layer-name";
    public static final String OPTA_ENVIRONMENT = "opta.dev/environment-name";
    public static final String DATADOG_SERVICE = "tags.datadoghq.com/service";
    public static final String DATADOG_VERSION = "tags.datadoghq.com/version";

    private static final int MAX_LABEL_VALUE = 63;

    /**
     * {@code <layer>.<module>}; when longer than a label value may be, its first characters, {@code -} and 8 hex
     * characters of its sha256, so distinct services never share a value.
     */
    public static String ownerValue(String layerName, String moduleName) {
        String full = layerName + "." + moduleName;
        if (full.length() <= MAX_LABEL_VALUE) {
            return full;
        }
        String hash = sha256Hex(full).substring(0, 8);
        String head = full.substring(0, MAX_LABEL_VALUE - hash.length() - 1);
        while (!head.isEmpty() && !Character.isLetterOrDigit(head.charAt(head.length() - 1))) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + hash;
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
