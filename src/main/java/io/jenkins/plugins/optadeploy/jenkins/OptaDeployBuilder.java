package io.jenkins.plugins.optadeploy.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle build step "Deploy Opta service": the same options and the same deploy as {@code optaDeploy}, run on
 * the build's executor thread (a freestyle build does not survive a restart anyway). For Pipeline use the step.
 */
public final class OptaDeployBuilder extends Builder implements SimpleBuildStep {
    // Fields on the builder itself, as config.xml names them. XStream builds a builder without running a
    // constructor, so a field a configuration does not name stays null and readResolve gives it its default;
    // rollback is a Boolean so that a missing element can be told from false.
    private String file = DeployRequest.DEFAULT_FILE;
    private String env;
    /** One {@code name=value} per line: freestyle forms have no maps. */
    private String vars;
    private String credentialsId;
    private String context;
    private String serverUrl;
    private String registry;
    private String registryCredentialsId;
    private String tag;
    private String localImage;
    private String imageArchive;
    private String sourceImage;
    private Integer timeout;
    private Integer pushStallTimeout;
    private Integer lockWait;
    private Boolean rollback = Boolean.TRUE;
    private boolean dryRun;
    private boolean forceConflicts;
    private boolean insecureRegistry;

    @DataBoundConstructor
    public OptaDeployBuilder() {}

    /** Defaults for what an older or shorter config.xml (REST API, Job DSL, configuration as code) leaves out. */
    private Object readResolve() {
        file = DeployOptions.fileOrDefault(file);
        if (rollback == null) {
            rollback = Boolean.TRUE;
        }
        return this;
    }

    /** The options of one build, in the form the deploy shares with the Pipeline step. */
    DeployOptions options() {
        DeployOptions o = new DeployOptions();
        o.setFile(file);
        o.env = DeployOptions.trimToNull(env);
        o.setVars(DeployOptions.varsFromLines(vars));
        o.credentialsId = DeployOptions.trimToNull(credentialsId);
        o.context = DeployOptions.trimToNull(context);
        o.serverUrl = DeployOptions.trimToNull(serverUrl);
        o.registry = DeployOptions.trimToNull(registry);
        o.registryCredentialsId = DeployOptions.trimToNull(registryCredentialsId);
        o.tag = DeployOptions.trimToNull(tag);
        o.localImage = DeployOptions.trimToNull(localImage);
        o.imageArchive = DeployOptions.trimToNull(imageArchive);
        o.sourceImage = DeployOptions.trimToNull(sourceImage);
        o.setTimeout(timeout);
        o.setPushStallTimeout(pushStallTimeout);
        o.setLockWait(lockWait);
        o.rollback = isRollback();
        o.dryRun = dryRun;
        o.forceConflicts = forceConflicts;
        o.insecureRegistry = insecureRegistry;
        return o;
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        perform(run, workspace, env, listener, DeployServices.jenkins());
    }

    /** The deploy with the services handed in (Jenkins' own from the public perform, tests' their own). */
    void perform(Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener, DeployServices services)
            throws InterruptedException, IOException {
        DeployOptions options = options();
        DeployRequest request = DeployRun.request(options, services, env::expand, env.get("BUILD_URL"), env.get("BUILD_TAG"));
        BlockingDeploy.run(DeployRun.start(run, listener, options, request, services), workspace);
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = DeployOptions.fileOrDefault(file);
    }

    public String getEnv() {
        return env;
    }

    @DataBoundSetter
    public void setEnv(String env) {
        this.env = DeployOptions.trimToNull(env);
    }

    public String getVars() {
        return vars == null ? "" : vars;
    }

    @DataBoundSetter
    public void setVars(String vars) {
        this.vars = DeployOptions.trimToNull(vars) == null ? null : vars;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = DeployOptions.trimToNull(credentialsId);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = DeployOptions.trimToNull(context);
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = DeployOptions.trimToNull(serverUrl);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = DeployOptions.trimToNull(registry);
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = DeployOptions.trimToNull(registryCredentialsId);
    }

    public String getTag() {
        return tag;
    }

    @DataBoundSetter
    public void setTag(String tag) {
        this.tag = DeployOptions.trimToNull(tag);
    }

    public String getLocalImage() {
        return localImage;
    }

    @DataBoundSetter
    public void setLocalImage(String localImage) {
        this.localImage = DeployOptions.trimToNull(localImage);
    }

    public String getImageArchive() {
        return imageArchive;
    }

    @DataBoundSetter
    public void setImageArchive(String imageArchive) {
        this.imageArchive = DeployOptions.trimToNull(imageArchive);
    }

    public String getSourceImage() {
        return sourceImage;
    }

    @DataBoundSetter
    public void setSourceImage(String sourceImage) {
        this.sourceImage = DeployOptions.trimToNull(sourceImage);
    }

    public Integer getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = DeployOptions.positiveOrNull(timeout);
    }

    public Integer getPushStallTimeout() {
        return pushStallTimeout;
    }

    @DataBoundSetter
    public void setPushStallTimeout(Integer pushStallTimeout) {
        this.pushStallTimeout = DeployOptions.positiveOrNull(pushStallTimeout);
    }

    public Integer getLockWait() {
        return lockWait;
    }

    @DataBoundSetter
    public void setLockWait(Integer lockWait) {
        this.lockWait = DeployOptions.positiveOrNull(lockWait);
    }

    public boolean isRollback() {
        return rollback == null || rollback;
    }

    @DataBoundSetter
    public void setRollback(boolean rollback) {
        this.rollback = rollback;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isForceConflicts() {
        return forceConflicts;
    }

    @DataBoundSetter
    public void setForceConflicts(boolean forceConflicts) {
        this.forceConflicts = forceConflicts;
    }

    public boolean isInsecureRegistry() {
        return insecureRegistry;
    }

    @DataBoundSetter
    public void setInsecureRegistry(boolean insecureRegistry) {
        this.insecureRegistry = insecureRegistry;
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> implements DeployFormMethods {
        transient DeployForms forms = DeployForms.JENKINS;

        /** The step's help says the same for every option but vars (lines here, a map in Pipeline). */
        public DescriptorImpl() {
            for (String option : DeployOptions.NAMES) {
                if (!option.equals("vars")) {
                    addHelpFileRedirect(option, OptaDeployStep.class, option);
                }
            }
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Deploy Opta service";
        }

        @Override
        public DeployForms forms() {
            return forms;
        }
    }
}
