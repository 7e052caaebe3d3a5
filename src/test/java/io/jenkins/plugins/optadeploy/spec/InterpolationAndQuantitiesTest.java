package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Placeholder positions inside scalars of each style, literal braces, and resource amount arithmetic. */
class InterpolationAndQuantitiesTest {
    private static final String HEAD = "name: shop\nmodules:\n  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n"
            + "    env_vars:\n";

    @Test
    void plainSingleAndDoubleQuotedScalarsPointAtTheBrace() {
        String yaml = HEAD + "      A: x {nope}\n      B: 'x {nope}'\n      C: \"x {nope}\"\n";

        assertThat(problems(yaml)).extracting(p -> p.line() + ":" + p.column()).containsExactly("7:12", "8:13", "9:13");
    }

    @Test
    void multiLineOrEscapedScalarsPointAtTheirStart() {
        String yaml = HEAD + "      A: |\n        line\n        {nope}\n      B: \"\\tx {nope}\"\n";

        assertThat(problems(yaml)).extracting(p -> p.line() + ":" + p.column()).containsExactly("7:10", "10:10");
    }

    @Test
    void everyBadPlaceholderOfOneValueIsReported() {
        String yaml = HEAD + "      A: \"{a} and {b}\"\n";

        assertThat(problems(yaml)).extracting(SpecProblem::column).containsExactly(11, 19);
    }

    @Test
    void doubledBracesAndTerraformReferencesStayText() throws Exception {
        String yaml = HEAD + "      A: \"{{x}} {layer_name}-{module_name} ${{module.db.host}}\"\n";

        ServiceSpec spec = new SpecReader().read("opta.yaml", yaml, SpecInputs.none());

        assertThat(spec.service().env().vars().get(0).value()).isEqualTo("{x} shop-k8sservice ${module.db.host}");
        assertThat(spec.warnings()).extracting(SpecProblem::toString).containsExactly(
                "opta.yaml:7:10: modules[0].env_vars.A: the Terraform reference ${module.db.host} cannot be resolved by "
                        + "this plugin and is passed on as literal text");
    }

    @Test
    void varsOverrideInputDefaults() throws Exception {
        String yaml = "name: shop\ninput_variables:\n  - name: size\n    default: \"1\"\nmodules:\n  - type: k8s-service\n"
                + "    image: nginx\n    port: {http: 80}\n    max_containers: \"{variables.size}\"\n";

        ServiceSpec spec = new SpecReader().read("opta.yaml", yaml, new SpecInputs(null, Map.of("size", "7"), Map.of()));

        assertThat(spec.service().scaling().maxContainers()).isEqualTo(7);
        assertThat(spec.variables()).containsExactly(Map.entry("size", "7"));
    }

    @ParameterizedTest
    @CsvSource({
        "100, 256, 100m, 256Mi, 200m, 512Mi",
        "'0.5', '1Gi', 0.5, 1Gi, 1, 2Gi",
        "'1500m', '1.5G', 1500m, 1.5G, 3000m, 3G",
        "'2', '64Ki', 2, 64Ki, 4, 128Ki"})
    void limitsDefaultToTwiceTheRequests(String cpu, String memory, String cpuRequest, String memoryRequest,
            String cpuLimit, String memoryLimit) throws Exception {
        boolean quoted = !memory.matches("[0-9]+");
        String yaml = "name: shop\nmodules:\n  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n"
                + "    resource_request:\n      cpu: " + (quoted ? "\"" + cpu + "\"" : cpu) + "\n      memory: "
                + (quoted ? "\"" + memory + "\"" : memory) + "\n";

        K8sService.Resources resources = new SpecReader().read("opta.yaml", yaml, SpecInputs.none()).service().resources();

        assertThat(resources).isEqualTo(new K8sService.Resources(cpuRequest, memoryRequest, cpuLimit, memoryLimit));
    }

    private static java.util.List<SpecProblem> problems(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> new SpecReader().read("opta.yaml", yaml, SpecInputs.none()));
        assertThat(e).isNotNull();
        return e.problems();
    }
}
