package io.jenkins.plugins.optadeploy.spec;

/**
 * The names Opta's Helm chart derives from the layer and module: the renderer names objects with them and the reader
 * checks them against Kubernetes' limits, so both use this one definition.
 */
public final class HelmNames {
    private static final String CHART = "k8s-service";
    private static final int MAX_NAME = 63;

    private HelmNames() {}

    /** Helm's release name, the value of {@code app.kubernetes.io/instance}. */
    public static String release(String layerName, String moduleName) {
        return layerName + "-" + moduleName;
    }

    /** The chart's {@code k8s-service.fullname}: {@code <release>-k8s-service}, cut to 63 characters. */
    public static String fullname(String layerName, String moduleName) {
        String release = release(layerName, moduleName);
        String name = release.contains(CHART) ? release : release + "-" + CHART;
        String cut = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
        return cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut;
    }
}
