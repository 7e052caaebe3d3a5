package io.jenkins.plugins.optadeploy.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step "Deploy Opta service": the same options and the same deploy as {@code optaDeploy}, run on
 * the build's executor thread (a freestyle build does not survive a restart anyway). For Pipeline use the step.
 */
public final class OptaDeployBuilder extends Builder implements SimpleBuildStep {
    private final DeployOptions options = new DeployOptions();

    @DataBoundConstructor
    public OptaDeployBuilder() {}

    DeployOptions options() {
        return options;
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        DeployServices services = DeployServices.current();
        DeployRequest request = DeployRun.request(options, services, env::expand, env.get("BUILD_URL"), env.get("BUILD_TAG"));
        DeployRun deploy = DeployRun.start(run, listener, options, request, services);
        DeployReport report;
        try {
            Release release = deploy.release(deploy.prepare(workspace));
            report = await(deploy, release);
        } catch (DeployException e) {
            report = deploy.failure(e);
        } catch (IOException e) {
            deploy.finish(deploy.failure("The agent could not run the deploy: " + e.getMessage()));
            throw e;
        }
        deploy.finish(report);
        if (!report.succeeded()) {
            throw new AbortException(MaskingDeployLog.PREFIX + report.summary());
        }
    }

    /** Blocks the executor until the rollout gate decides; an aborted build rolls back, then stays aborted. */
    private static DeployReport await(DeployRun deploy, Release release) throws InterruptedException {
        CompletableFuture<DeployReport> rollout = deploy.awaitRollout(release);
        try {
            return rollout.get();
        } catch (InterruptedException e) {
            rollout.cancel(true);
            deploy.finish(deploy.abort(release, "the build was aborted"));
            throw e;
        } catch (ExecutionException e) {
            return deploy.failure("The rollout could not be watched: " + e.getCause().getMessage());
        }
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

    /** Freestyle forms have no maps: one {@code name=value} per line. */
    public String getVars() {
        StringBuilder b = new StringBuilder();
        options.vars.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    @DataBoundSetter
    public void setVars(String vars) {
        Map<String, String> map = new LinkedHashMap<>();
        if (vars != null) {
            for (String line : vars.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq).trim(), line.substring(eq + 1));
                }
            }
        }
        options.setVars(map);
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
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        transient DeployForms forms = DeployForms.JENKINS;

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Deploy Opta service";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                @QueryParameter String serverUrl) {
            return forms.kubernetesCredentials(item, credentialsId, serverUrl);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String serverUrl) {
            return forms.checkKubernetesCredentials(item, value, serverUrl);
        }

        @POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String registryCredentialsId, @QueryParameter String registry) {
            return forms.registryCredentials(item, registryCredentialsId, registry);
        }

        @POST
        public FormValidation doCheckRegistryCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter String registry) {
            return forms.checkRegistryCredentials(item, value, registry);
        }

        @POST
        public FormValidation doCheckFile(@QueryParameter String value) {
            return DeployForms.syntax(FormChecks.relativePathProblem(value));
        }

        @POST
        public FormValidation doCheckImageArchive(@QueryParameter String value) {
            return DeployForms.syntax(FormChecks.relativePathProblem(value));
        }

        @POST
        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return DeployForms.syntax(FormChecks.timeoutProblem(value));
        }

        @POST
        public FormValidation doCheckPushStallTimeout(@QueryParameter String value) {
            return DeployForms.syntax(FormChecks.timeoutProblem(value));
        }

        @POST
        public FormValidation doCheckRegistry(@QueryParameter String value) {
            return DeployForms.syntax(FormChecks.registryProblem(value));
        }

        @POST
        public FormValidation doCheckTag(@QueryParameter String value) {
            return DeployForms.syntax(FormChecks.tagProblem(value));
        }
    }
}
