package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Specs the reader used to accept and the real API server rejected (found by
 * {@code manifests.ServerAcceptsRenderedObjectsTest}): now spec problems with their line and field.
 */
class ServerFoundGapsTest {
    private static final String SERVICE = """
            name: %s
            modules:
              - type: k8s-service
                name: %s
                image: registry.example.test/app:1
                port:
                  http: 8080
                %s
            """;

    @Test
    void aTolerationValueMustBeALabelValue() {
        assertThatThrownBy(() -> read("shop", "web", "tolerations: [{key: dedicated, value: with space}]"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("opta.yaml:8:").hasMessageContaining("tolerations[0].value")
                .hasMessageContaining("not a valid toleration value");
    }

    @Test
    void aTolerationKeyMustBeAQualifiedName() {
        assertThatThrownBy(() -> read("shop", "web", "tolerations: [{key: " + "k".repeat(64) + "}]"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("tolerations[0].key").hasMessageContaining("not a valid toleration key");
    }

    @Test
    void aStatefulServiceNameWithItsLayerFitsALabel() {
        String layer = "l".repeat(51);
        assertThatThrownBy(() -> read(layer, "web", "persistent_storage: [{path: /data, size: 1}]"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("persistent_storage")
                .hasMessageContaining("web-headless-" + layer + "' is longer than 63 characters");
    }

    private static ServiceSpec read(String layer, String module, String extra) throws InvalidSpecException {
        return new SpecReader().read("opta.yaml", SERVICE.formatted(layer, module, extra), SpecInputs.none());
    }
}
