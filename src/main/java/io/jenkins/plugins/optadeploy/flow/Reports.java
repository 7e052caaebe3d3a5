package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.report.DeployReportBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;

/** The report as far as a deploy got: what the report of each of its endings starts from. */
final class Reports {
    private Reports() {}

    /** After the manifests, before anything reached the cluster. */
    static DeployReportBuilder rendered(Prepared prepared, Manifests manifests, StageClock clock) {
        return new DeployReportBuilder(prepared.spec())
                .image(prepared.imageReference(), prepared.digest(), prepared.dockerRepoUrl())
                .manifests(manifests.toYaml())
                .url(serviceUrl(prepared.spec().service()))
                .timings(clock.timings());
    }

    /** After the apply: what was applied and, when a workload rolls out, which one. */
    static DeployReportBuilder released(Release release, StageClock clock) {
        Prepared prepared = release.prepared;
        return new DeployReportBuilder(prepared.spec())
                .workload(release.target == null ? null : release.target.name())
                .image(prepared.imageReference(), prepared.digest(), prepared.dockerRepoUrl())
                .manifests(release.manifestsYaml)
                .url(release.url)
                .applied(release.applied)
                .timings(clock.timings());
    }

    /** The first public_uri with a host, as a URL; null when every entry is host-less (it depends on the ingress). */
    static String serviceUrl(K8sService service) {
        return service.routing().publicUris().stream().filter(uri -> uri.host() != null).findFirst()
                .map(uri -> "http://" + uri.host() + ("/".equals(uri.pathPrefix()) ? "" : uri.pathPrefix()))
                .orElse(null);
    }
}
