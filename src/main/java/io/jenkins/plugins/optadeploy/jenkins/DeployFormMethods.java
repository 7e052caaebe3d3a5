package io.jenkins.plugins.optadeploy.jenkins;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The form methods of the step's and the builder's descriptors, written once: their superclasses differ
 * (StepDescriptor, BuildStepDescriptor), so they share an interface. Stapler finds public default methods as it finds
 * declared ones (its ClassDescriptor visits interfaces), and so does Descriptor (getPublicMethodNamed reads
 * getMethods()). Public, because Stapler invokes the methods by reflection from outside this package.
 */
public interface DeployFormMethods {
    /** Where the credential listings and checks are made, and who may see them. */
    DeployForms forms();

    @POST
    default ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
            @QueryParameter String serverUrl) {
        return forms().kubernetesCredentials(item, credentialsId, serverUrl);
    }

    @POST
    default FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
            @QueryParameter String serverUrl) {
        return forms().checkKubernetesCredentials(item, value, serverUrl);
    }

    @POST
    default ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String registryCredentialsId, @QueryParameter String registry) {
        return forms().registryCredentials(item, registryCredentialsId, registry);
    }

    @POST
    default FormValidation doCheckRegistryCredentialsId(@AncestorInPath Item item, @QueryParameter String value,
            @QueryParameter String registry) {
        return forms().checkRegistryCredentials(item, value, registry);
    }

    @POST
    default FormValidation doCheckFile(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.relativePathProblem(value));
    }

    @POST
    default FormValidation doCheckImageArchive(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.relativePathProblem(value));
    }

    @POST
    default FormValidation doCheckTimeout(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.timeoutProblem(value));
    }

    @POST
    default FormValidation doCheckPushStallTimeout(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.timeoutProblem(value));
    }

    @POST
    default FormValidation doCheckLockWait(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.timeoutProblem(value));
    }

    @POST
    default FormValidation doCheckRegistry(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.registryProblem(value));
    }

    @POST
    default FormValidation doCheckTag(@QueryParameter String value) {
        return DeployForms.syntax(FormChecks.tagProblem(value));
    }
}
