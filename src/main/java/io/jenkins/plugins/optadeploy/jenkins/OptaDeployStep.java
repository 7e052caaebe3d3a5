package io.jenkins.plugins.optadeploy.jenkins;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code optaDeploy file: 'opta.yaml'}: deploys an Opta service and returns its outputs (docker_repo_url, image,
 * digest, namespace, revision, url). Runs asynchronously and survives a controller restart (see DeployStepExecution).
 */
public final class OptaDeployStep extends Step {
    private final DeployOptions options = new DeployOptions();

    @DataBoundConstructor
    public OptaDeployStep() {}

    DeployOptions options() {
        return options;
    }

    @Override
    public StepExecution start(StepContext context) {
        return start(context, DeployServices.jenkins());
    }

    /** The execution, with the services handed in (Jenkins' own from {@link #start(StepContext)}, tests' their own). */
    StepExecution start(StepContext context, DeployServices services) {
        return new DeployStepExecution(context, options, services);
    }

    public String getFile() {
        return options.file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        options.setFile(file);
    }

    public String getEnv() {
        return options.env;
    }

    @DataBoundSetter
    public void setEnv(String env) {
        options.env = DeployOptions.trimToNull(env);
    }

    public Map<String, Object> getVars() {
        return java.util.Collections.unmodifiableMap(options.vars);
    }

    /** Any values, as Groovy passes them ({@code vars: [replicas: 3]}): each becomes its string form. */
    @DataBoundSetter
    public void setVars(Map<String, Object> vars) {
        options.setVars(vars);
    }

    public String getCredentialsId() {
        return options.credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        options.credentialsId = DeployOptions.trimToNull(credentialsId);
    }

    public String getContext() {
        return options.context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        options.context = DeployOptions.trimToNull(context);
    }

    public String getServerUrl() {
        return options.serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        options.serverUrl = DeployOptions.trimToNull(serverUrl);
    }

    public String getRegistry() {
        return options.registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        options.registry = DeployOptions.trimToNull(registry);
    }

    public String getRegistryCredentialsId() {
        return options.registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        options.registryCredentialsId = DeployOptions.trimToNull(registryCredentialsId);
    }

    public String getTag() {
        return options.tag;
    }

    @DataBoundSetter
    public void setTag(String tag) {
        options.tag = DeployOptions.trimToNull(tag);
    }

    public String getLocalImage() {
        return options.localImage;
    }

    @DataBoundSetter
    public void setLocalImage(String localImage) {
        options.localImage = DeployOptions.trimToNull(localImage);
    }

    public String getImageArchive() {
        return options.imageArchive;
    }

    @DataBoundSetter
    public void setImageArchive(String imageArchive) {
        options.imageArchive = DeployOptions.trimToNull(imageArchive);
    }

    public String getSourceImage() {
        return options.sourceImage;
    }

    @DataBoundSetter
    public void setSourceImage(String sourceImage) {
        options.sourceImage = DeployOptions.trimToNull(sourceImage);
    }

    public Integer getTimeout() {
        return options.timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        options.setTimeout(timeout);
    }

    public Integer getPushStallTimeout() {
        return options.pushStallTimeout;
    }

    @DataBoundSetter
    public void setPushStallTimeout(Integer pushStallTimeout) {
        options.setPushStallTimeout(pushStallTimeout);
    }

    public Integer getLockWait() {
        return options.lockWait;
    }

    @DataBoundSetter
    public void setLockWait(Integer lockWait) {
        options.setLockWait(lockWait);
    }

    public boolean isRollback() {
        return options.rollback;
    }

    @DataBoundSetter
    public void setRollback(boolean rollback) {
        options.rollback = rollback;
    }

    public boolean isDryRun() {
        return options.dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        options.dryRun = dryRun;
    }

    public boolean isForceConflicts() {
        return options.forceConflicts;
    }

    @DataBoundSetter
    public void setForceConflicts(boolean forceConflicts) {
        options.forceConflicts = forceConflicts;
    }

    public boolean isInsecureRegistry() {
        return options.insecureRegistry;
    }

    @DataBoundSetter
    public void setInsecureRegistry(boolean insecureRegistry) {
        options.insecureRegistry = insecureRegistry;
    }

    @Extension
    @Symbol("optaDeploy")
    public static final class DescriptorImpl extends StepDescriptor implements DeployFormMethods {
        transient DeployForms forms = DeployForms.JENKINS;

        @Override
        public String getFunctionName() {
            return "optaDeploy";
        }

        @Override
        public String getDisplayName() {
            return "Deploy an Opta service";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        @Override
        public DeployForms forms() {
            return forms;
        }
    }
}
