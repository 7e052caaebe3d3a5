package io.jenkins.plugins.optadeploy.jenkins;

import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins > System > Opta Deploy: defaults for every optaDeploy step. JCasC:
 * {@code unclassified: optaDeploy: defaultRegistry: ..., defaultCredentialsId: ..., defaultTimeout: 600,
 * defaultPushStallTimeout: 30, defaultLockWait: 600}.
 */
@Extension
@Symbol("optaDeploy")
public final class OptaDeployGlobalConfiguration extends GlobalConfiguration {
    private String defaultRegistry;
    private String defaultCredentialsId;
    private Integer defaultTimeout;
    private Integer defaultPushStallTimeout;
    private Integer defaultLockWait;
    transient DeployForms forms = DeployForms.JENKINS;
    /** Made on first use, kept as long as Jenkins keeps this extension; never persisted. */
    private transient DeployServices services;

    public OptaDeployGlobalConfiguration() {
        load();
    }

    /** The configuration, or null when Jenkins is not running (then no defaults apply). */
    static OptaDeployGlobalConfiguration get() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        return jenkins == null ? null : jenkins.getDescriptorByType(OptaDeployGlobalConfiguration.class);
    }

    /** The controller's one set of deploy services (see {@link DeployServices#jenkins()}), reading these defaults. */
    synchronized DeployServices services() {
        if (services == null) {
            services = DeployServices.forJenkins(this::toDefaults);
        }
        return services;
    }

    DeployDefaults toDefaults() {
        return new DeployDefaults(defaultRegistry, defaultCredentialsId, defaultTimeout, defaultPushStallTimeout,
                defaultLockWait);
    }

    @Override
    public String getDisplayName() {
        return "Opta Deploy";
    }

    public String getDefaultRegistry() {
        return defaultRegistry;
    }

    @DataBoundSetter
    public void setDefaultRegistry(String defaultRegistry) {
        this.defaultRegistry = DeployOptions.trimToNull(defaultRegistry);
        save();
    }

    public String getDefaultCredentialsId() {
        return defaultCredentialsId;
    }

    @DataBoundSetter
    public void setDefaultCredentialsId(String defaultCredentialsId) {
        this.defaultCredentialsId = DeployOptions.trimToNull(defaultCredentialsId);
        save();
    }

    public Integer getDefaultTimeout() {
        return defaultTimeout;
    }

    @DataBoundSetter
    public void setDefaultTimeout(Integer defaultTimeout) {
        this.defaultTimeout = defaultTimeout == null || defaultTimeout <= 0 ? null : defaultTimeout;
        save();
    }

    public Integer getDefaultPushStallTimeout() {
        return defaultPushStallTimeout;
    }

    @DataBoundSetter
    public void setDefaultPushStallTimeout(Integer defaultPushStallTimeout) {
        this.defaultPushStallTimeout =
                defaultPushStallTimeout == null || defaultPushStallTimeout <= 0 ? null : defaultPushStallTimeout;
        save();
    }

    public Integer getDefaultLockWait() {
        return defaultLockWait;
    }

    @DataBoundSetter
    public void setDefaultLockWait(Integer defaultLockWait) {
        this.defaultLockWait = DeployOptions.positiveOrNull(defaultLockWait);
        save();
    }

    @POST
    public ListBoxModel doFillDefaultCredentialsIdItems(@QueryParameter String defaultCredentialsId) {
        return forms.kubernetesCredentials(null, defaultCredentialsId, null);
    }

    @POST
    public FormValidation doCheckDefaultCredentialsId(@QueryParameter String value) {
        return forms.checkKubernetesCredentials(null, value, null);
    }

    @POST
    public FormValidation doCheckDefaultRegistry(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.registryProblem(value));
    }

    @POST
    public FormValidation doCheckDefaultTimeout(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.timeoutProblem(value));
    }

    @POST
    public FormValidation doCheckDefaultPushStallTimeout(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.timeoutProblem(value));
    }

    @POST
    public FormValidation doCheckDefaultLockWait(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.timeoutProblem(value));
    }
}
