package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.testing.Specs;
import org.junit.jupiter.api.Test;

class NamesTest {

    private static Names names(String layer, String module) {
        return new Names(layer, Specs.minimal().withLayer(layer).withModule(module).build().service());
    }

    @Test
    void fullnameIsReleaseNameAndChartName() {
        assertThat(names("hello", "hello").fullname()).isEqualTo("hello-hello-k8s-service");
        assertThat(names("hello", "hello").release()).isEqualTo("hello-hello");
    }

    @Test
    void fullnameIsCutTo63CharactersWithoutTrailingDash() {
        // "<layer 55>-module-k8s-service": the 63rd character is the dash before "k8s-service"
        String layer = "a".repeat(55);
        String fullname = names(layer, "module").fullname();
        assertThat(fullname).isEqualTo(layer + "-module").hasSizeLessThanOrEqualTo(63).doesNotEndWith("-");

        String longModule = "m".repeat(80);
        assertThat(names("hello", longModule).fullname()).hasSize(63).isEqualTo(("hello-" + longModule).substring(0, 63));
    }

    @Test
    void releaseContainingTheChartNameIsTheFullname() {
        assertThat(names("my-k8s-service", "api").fullname()).isEqualTo("my-k8s-service-api");
    }

    @Test
    void serviceAndAccountNamesFollowTheModule() {
        Names plain = names("hello", "web");
        assertThat(plain.service()).isEqualTo("web");
        assertThat(plain.serviceAccount()).isEqualTo("web");
        assertThat(plain.namespace()).isEqualTo("hello");
        Names stateful = new Names("hello", Specs.minimal().withModule("db").withPersistentStorage(1, "/d").build().service());
        assertThat(stateful.service()).isEqualTo("db-headless");
    }

    @Test
    void ingressNamesCarryOptasHashOfDomainAndPrefix() {
        Names names = names("hello", "hello");
        // values from Opta's reference worked example: sha256("all-hello"), sha256("all-")
        assertThat(names.ingress(Specs.uri("/hello"))).isEqualTo("hello-hello-k8s-service-31b00391");
        assertThat(names.ingress(Specs.uri("/"))).isEqualTo("hello-hello-k8s-service-6a63c977");
        String expected = Labels.sha256Hex("app.example.com-apiv1").substring(0, 8);
        assertThat(names.ingress(new K8sService.PublicUri("app.example.com", "/api/v1", "app.example.com/api/v1")))
                .isEqualTo("hello-hello-k8s-service-" + expected);
    }

    @Test
    void cronJobNamesAreOptasUnlessKubernetesWouldRejectThem() {
        assertThat(names("hello", "hello").cronJob(0)).isEqualTo("hello-hello-k8s-service-0");
        Names longNames = names("a-very-long-layer-name-for-testing", "someservice");
        String name = longNames.cronJob(12);
        assertThat(name).hasSizeLessThanOrEqualTo(52).endsWith("-12").doesNotContain("--");
        assertThat(longNames.cronJob(1)).isNotEqualTo(longNames.cronJob(2));
        assertThat(names("a-very-long-layer-name-for-testinh", "someservice").cronJob(12)).isNotEqualTo(name);
    }

    @Test
    void ownerLabelValueIsLayerDotModuleAndAlwaysAValidLabelValue() {
        assertThat(Labels.ownerValue("hello", "hello")).isEqualTo("hello.hello");
        String layer = "l".repeat(40);
        String owner = Labels.ownerValue(layer, "m".repeat(40));
        assertThat(owner).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9_.]*[a-z0-9])?");
        assertThat(Labels.ownerValue(layer, "m".repeat(41))).isNotEqualTo(owner);
    }
}
