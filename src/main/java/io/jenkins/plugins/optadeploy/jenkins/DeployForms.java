package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import java.util.List;
import org.jenkinsci.plugins.kubernetes.credentials.TokenProducer;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The form logic both descriptors (and the global configuration) delegate to. Credential listings and credential
 * checks happen only for callers allowed to see them; everybody else gets the current value back and an OK.
 */
final class DeployForms {
    static final CredentialsMatcher KUBERNETES = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(FileCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(StandardCertificateCredentials.class),
            CredentialsMatchers.instanceOf(TokenProducer.class));
    static final CredentialsMatcher REGISTRY = CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class);

    static final DeployForms JENKINS = new DeployForms(FormPermissions.JENKINS, CredentialsLister.JENKINS);

    private final FormPermissions permissions;
    private final CredentialsLister lister;

    DeployForms(FormPermissions permissions, CredentialsLister lister) {
        this.permissions = permissions;
        this.lister = lister;
    }

    ListBoxModel kubernetesCredentials(Item item, String current, String serverUrl) {
        return credentials(item, current, StandardCredentials.class, requirements(serverUrl), KUBERNETES);
    }

    ListBoxModel registryCredentials(Item item, String current, String registry) {
        return credentials(item, current, StandardUsernamePasswordCredentials.class, registryRequirements(registry), REGISTRY);
    }

    FormValidation checkKubernetesCredentials(Item item, String value, String serverUrl) {
        return checkCredentials(item, value, StandardCredentials.class, requirements(serverUrl), KUBERNETES,
                "No credentials: the service account of the pod Jenkins runs in is used");
    }

    FormValidation checkRegistryCredentials(Item item, String value, String registry) {
        return checkCredentials(item, value, StandardUsernamePasswordCredentials.class, registryRequirements(registry),
                REGISTRY, null);
    }

    private ListBoxModel credentials(Item item, String current, Class<? extends StandardCredentials> type,
            List<DomainRequirement> requirements, CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = DeployOptions.trimToNull(current);
        if (!permissions.mayListCredentials(item)) {
            return value == null ? result : (ListBoxModel) result.includeCurrentValue(value);
        }
        result.includeEmptyValue();
        lister.addMatching(result, item, type, requirements, matcher);
        return value == null ? result : (ListBoxModel) result.includeCurrentValue(value);
    }

    private FormValidation checkCredentials(Item item, String value, Class<? extends StandardCredentials> type,
            List<DomainRequirement> requirements, CredentialsMatcher matcher, String whenEmpty) {
        if (!permissions.mayListCredentials(item)) {
            return FormValidation.ok();
        }
        String id = DeployOptions.trimToNull(value);
        if (id == null) {
            return whenEmpty == null ? FormValidation.ok() : FormValidation.ok(whenEmpty);
        }
        if (id.startsWith("${")) {
            return FormValidation.warning("Cannot check a credentials ID given by an expression");
        }
        StandardListBoxModel found = new StandardListBoxModel();
        lister.addMatching(found, item, type, requirements,
                CredentialsMatchers.allOf(matcher, CredentialsMatchers.withId(id)));
        return found.isEmpty() ? FormValidation.error("No usable credentials with ID " + id
                + " (wrong type, or not visible to this job)") : FormValidation.ok();
    }

    static FormValidation syntax(String problem) {
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    private static List<DomainRequirement> requirements(String serverUrl) {
        String server = DeployOptions.trimToNull(serverUrl);
        return server == null ? List.of() : URIRequirementBuilder.fromUri(server).build();
    }

    private static List<DomainRequirement> registryRequirements(String registry) {
        String host = DeployOptions.trimToNull(registry);
        return URIRequirementBuilder.fromUri("https://" + ImageTarget.registryOrDefault(host)).build();
    }
}
