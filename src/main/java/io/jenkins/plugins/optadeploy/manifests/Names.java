package io.jenkins.plugins.optadeploy.manifests;

import io.jenkins.plugins.optadeploy.spec.HelmNames;
import io.jenkins.plugins.optadeploy.spec.K8sService;

/** Object names exactly as Opta's Helm chart derives them, so objects Opta created are updated in place. */
public final class Names {
    /** Kubernetes rejects longer CronJob names: the Jobs it creates append 11 characters. */
    private static final int MAX_CRON_JOB_NAME = 52;

    private final String layerName;
    private final String moduleName;
    private final boolean stateful;

    public Names(String layerName, K8sService service) {
        this.layerName = layerName;
        this.moduleName = service.moduleName();
        this.stateful = service.stateful();
    }

    /** Helm's release name, the value of {@code app.kubernetes.io/instance}. */
    public String release() {
        return HelmNames.release(layerName, moduleName);
    }

    /** The chart's {@code k8s-service.fullname}: Deployment/StatefulSet, HPA, and the base of Ingress and CronJob names. */
    public String fullname() {
        return HelmNames.fullname(layerName, moduleName);
    }

    /** The Service: {@code <module>}, or {@code <module>-headless} for the StatefulSet variant. */
    public String service() {
        return stateful ? moduleName + "-headless" : moduleName;
    }

    public String serviceAccount() {
        return moduleName;
    }

    public String namespace() {
        return layerName;
    }

    /**
     * {@code <fullname>-<first 8 hex of sha256("<domain>-<prefix without '/'>")>}, domain {@code all} when the entry
     * names no host: the chart's naming, so an Ingress created by Opta is the one updated.
     */
    public String ingress(K8sService.PublicUri uri) {
        String domain = uri.host() == null ? "all" : uri.host();
        String key = domain + "-" + uri.pathPrefix().replace("/", "");
        return fullname() + "-" + Labels.sha256Hex(key).substring(0, 8);
    }

    /**
     * {@code <fullname>-<index>} as Opta names it. Opta's name could exceed the 52 characters Kubernetes allows a
     * CronJob (the API server rejected it); only then the fullname is shortened and a hash of it keeps names distinct.
     */
    public String cronJob(int index) {
        String opta = fullname() + "-" + index;
        if (opta.length() <= MAX_CRON_JOB_NAME) {
            return opta;
        }
        String suffix = "-" + Labels.sha256Hex(fullname()).substring(0, 6) + "-" + index;
        String head = fullname().substring(0, MAX_CRON_JOB_NAME - suffix.length());
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + suffix;
    }
}
