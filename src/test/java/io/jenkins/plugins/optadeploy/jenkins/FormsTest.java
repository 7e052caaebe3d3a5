package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kohsuke.stapler.verb.POST;

/** Credential listings and checks only for those allowed; syntax checks; every web method is POST. */
class FormsTest {
    private final List<String> listings = new ArrayList<>();
    private final CredentialsLister lister = (model, item, type, requirements, matcher) -> {
        listings.add(type.getSimpleName());
        FakeCredentials.UsernamePassword reg = new FakeCredentials.UsernamePassword("reg", "u", "p");
        if (matcher.matches(reg)) {
            model.add("registry login", "reg");
        }
        FakeCredentials.SecretFile kube = new FakeCredentials.SecretFile("kube", "");
        if (matcher.matches(kube)) {
            model.add("kubeconfig", "kube");
        }
    };
    private static final Item ITEM = (Permission p) -> true;

    private OptaDeployStep.DescriptorImpl step(boolean allowed) {
        OptaDeployStep.DescriptorImpl d = new OptaDeployStep.DescriptorImpl();
        d.forms = new DeployForms(item -> allowed, lister);
        return d;
    }

    private static List<String> values(ListBoxModel m) {
        return m.stream().map(o -> o.value).toList();
    }

    @Test
    void unauthorisedCallersGetOnlyTheCurrentValueAndNoLookup() {
        OptaDeployStep.DescriptorImpl d = step(false);
        assertThat(values(d.doFillCredentialsIdItems(ITEM, "current-kube", null))).containsExactly("current-kube");
        assertThat(values(d.doFillRegistryCredentialsIdItems(ITEM, "", null))).isEmpty();
        assertThat(d.doCheckCredentialsId(ITEM, "guess-an-id", null).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckRegistryCredentialsId(ITEM, "guess-an-id", null).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(listings).isEmpty();
    }

    @Test
    void authorisedCallersGetTheMatchingCredentials() {
        OptaDeployStep.DescriptorImpl d = step(true);
        assertThat(values(d.doFillCredentialsIdItems(ITEM, "", "https://k8s:6443"))).containsExactly("", "kube");
        assertThat(values(d.doFillRegistryCredentialsIdItems(ITEM, "old", "localhost:5000")))
                .containsExactly("", "reg", "old");
        assertThat(listings).containsExactly("StandardCredentials", "StandardUsernamePasswordCredentials");
    }

    @Test
    void authorisedChecksSayWhetherTheIdIsUsable() {
        OptaDeployStep.DescriptorImpl d = step(true);
        assertThat(d.doCheckRegistryCredentialsId(ITEM, "reg", null).kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation missing = d.doCheckRegistryCredentialsId(ITEM, "kube", null);
        assertThat(missing.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(missing.getMessage()).contains("kube");
        assertThat(d.doCheckCredentialsId(ITEM, "", null).getMessage()).contains("service account");
    }

    @Test
    void globalConfigurationListsForAdministratorsOnly() {
        OptaDeployGlobalConfiguration config = new OptaDeployGlobalConfiguration();
        List<Item> asked = new ArrayList<>();
        config.forms = new DeployForms(item -> {
            asked.add(item);
            return false;
        }, lister);
        assertThat(values(config.doFillDefaultCredentialsIdItems("kube"))).containsExactly("kube");
        assertThat(asked).containsExactly((Item) null);
        assertThat(listings).isEmpty();
    }

    @Test
    void builderUsesTheSameGate() {
        OptaDeployBuilder.DescriptorImpl d = new OptaDeployBuilder.DescriptorImpl();
        d.forms = new DeployForms(item -> false, lister);
        assertThat(values(d.doFillCredentialsIdItems(ITEM, "x", null))).containsExactly("x");
        assertThat(listings).isEmpty();
        assertThat(d.getDisplayName()).isEqualTo("Deploy Opta service");
    }

    @Test
    void syntaxChecks() {
        OptaDeployStep.DescriptorImpl d = step(true);
        assertThat(d.doCheckFile("deploy/opta.yaml").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckFile("../secrets/opta.yaml").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckFile("/etc/passwd").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckFile("C:\\opta.yaml").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckImageArchive("a/../../b.tar").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckTimeout("60").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckTimeout("0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckTimeout("ten").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckRegistry("localhost:5000").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckRegistry("registry.example.com").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckRegistry("https://registry.example.com").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckRegistry("host:99999").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckRegistry("bad_host!:80").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckTag("v1.2.3_rc-1").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckTag("-v1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckTag("a;rm -rf /").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @ParameterizedTest
    @ValueSource(classes = {OptaDeployStep.DescriptorImpl.class, OptaDeployBuilder.DescriptorImpl.class,
            OptaDeployGlobalConfiguration.class})
    void everyWebMethodRequiresPost(Class<?> descriptor) {
        List<String> notPost = new ArrayList<>();
        int count = 0;
        for (Method m : descriptor.getMethods()) { // the declared ones and those of DeployFormMethods
            if (m.getName().startsWith("do")) {
                count++;
                if (!m.isAnnotationPresent(POST.class)) {
                    notPost.add(m.getName());
                }
            }
        }
        assertThat(count).isPositive();
        assertThat(notPost).isEmpty();
    }

    @Test
    void registryMatcherOnlyOffersUsernamePasswords() {
        assertThat(DeployForms.REGISTRY.matches(new FakeCredentials.SecretText("t", "x"))).isFalse();
        assertThat(DeployForms.REGISTRY.matches(new FakeCredentials.UsernamePassword("u", "a", "b"))).isTrue();
        assertThat(DeployForms.KUBERNETES.matches(new FakeCredentials.OpenShiftToken("o", "t"))).isTrue();
        assertThat(StandardUsernamePasswordCredentials.class).isInterface();
    }

    /**
     * The system credentials store answers only ACL.SYSTEM2: listing as the user filling the form (includeMatching)
     * showed "- none -" for every system credential in a real Jenkins.
     */
    @Test
    void credentialsAreListedAsSystemInTheItemOrJenkins() {
        List<String> calls = new ArrayList<>();
        StandardListBoxModel recording = new StandardListBoxModel() {
            private static final long serialVersionUID = 1L;

            @Override
            public StandardListBoxModel includeMatching(Item context, Class<? extends StandardCredentials> type,
                    List<DomainRequirement> requirements, CredentialsMatcher matcher) {
                calls.add("includeMatching(item)");
                return this;
            }

            @Override
            public StandardListBoxModel includeMatching(hudson.model.ItemGroup context,
                    Class<? extends StandardCredentials> type, List<DomainRequirement> requirements,
                    CredentialsMatcher matcher) {
                calls.add("includeMatching(group)");
                return this;
            }

            @Override
            public StandardListBoxModel includeMatchingAs(org.springframework.security.core.Authentication auth,
                    Item context, Class<? extends StandardCredentials> type, List<DomainRequirement> requirements,
                    CredentialsMatcher matcher) {
                calls.add("includeMatchingAs(" + (auth == ACL.SYSTEM2 ? "SYSTEM2" : auth) + ", item)");
                return this;
            }

            @Override
            public StandardListBoxModel includeMatchingAs(org.springframework.security.core.Authentication auth,
                    hudson.model.ItemGroup context, Class<? extends StandardCredentials> type,
                    List<DomainRequirement> requirements, CredentialsMatcher matcher) {
                calls.add("includeMatchingAs(" + (auth == ACL.SYSTEM2 ? "SYSTEM2" : auth) + ", "
                        + (context == ROOT ? "Jenkins" : context) + ")");
                return this;
            }
        };
        CredentialsLister.addAsSystem(recording, ITEM, () -> ROOT, StandardCredentials.class, List.of(),
                DeployForms.KUBERNETES);
        CredentialsLister.addAsSystem(recording, null, () -> ROOT, StandardCredentials.class, List.of(),
                DeployForms.KUBERNETES);
        assertThat(calls).containsExactly("includeMatchingAs(SYSTEM2, item)", "includeMatchingAs(SYSTEM2, Jenkins)");
    }

    private static final hudson.model.ItemGroup<Item> ROOT = new hudson.model.ItemGroup<>() {};
}
