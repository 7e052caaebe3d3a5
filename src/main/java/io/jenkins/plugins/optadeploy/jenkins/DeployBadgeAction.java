package io.jenkins.plugins.optadeploy.jenkins;

import hudson.model.BuildBadgeAction;
import hudson.model.Run;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import jenkins.model.RunAction2;

/** The build history badge of one deploy: succeeded or failed, with service, namespace and short digest in its tooltip. */
public final class DeployBadgeAction implements BuildBadgeAction, RunAction2 {
    private final String service;
    private final String namespace;
    private final String shortDigest;
    private final boolean succeeded;
    private final String deployUrlName;
    private transient Run<?, ?> run;

    DeployBadgeAction(DeployReport report, String deployUrlName) {
        this.service = report.service();
        this.namespace = report.namespace();
        this.shortDigest = DeployView.shortDigest(report.digest());
        this.succeeded = report.succeeded();
        this.deployUrlName = deployUrlName;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public String getTooltip() {
        return "Opta deploy " + (succeeded ? "succeeded" : "failed") + ": " + service + " in namespace " + namespace
                + (shortDigest.isEmpty() ? "" : ", image " + shortDigest);
    }

    public boolean isSucceeded() {
        return succeeded;
    }

    /** The deploy's own icon, not the build result's ball: a failed build beside a green check read as a success. */
    public String getIconFile() {
        return icon(succeeded);
    }

    static String icon(boolean succeeded) {
        return succeeded ? "deploy-succeeded.svg" : "deploy-failed.svg";
    }

    static final String RUNNING_ICON = "deploy-running.svg";

    public String getService() {
        return service;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getShortDigest() {
        return shortDigest;
    }

    /** The deploy page, relative to the Jenkins root. */
    public String getDeployUrl() {
        return run == null ? "" : run.getUrl() + deployUrlName;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return getTooltip();
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
