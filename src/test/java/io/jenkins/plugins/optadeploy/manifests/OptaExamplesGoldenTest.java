package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.optadeploy.spec.InvalidSpecException;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real Opta file in {@code ../shared/examples/opta/}, read in place by the spec reader and rendered, compared
 * with a reviewed golden file under {@code src/test/resources/manifests/golden/examples/}. The files name environment
 * files that were not copied; the test writes plausible ones (and the inputs Opta would take from the command line)
 * into a scratch workspace next to a byte-identical copy of the example. Two examples use placeholders this plugin
 * rejects on purpose; for those the rejection is the expected outcome.
 */
class OptaExamplesGoldenTest {
    private static final String AWS_ENV = """
            name: %s
            org_name: opta-tests
            providers:
              aws:
                region: us-east-1
                account_id: "123456789012"
            modules:
              - type: base
              - type: k8s-cluster
              - type: k8s-base
            """;
    private static final String LOCAL_ENV = """
            name: local
            org_name: opta-tests
            providers:
              local: {}
            modules:
              - type: local-base
            """;
    private static final String AZURE_ENV = """
            name: azure-env
            org_name: opta-tests
            providers:
              azurerm:
                location: centralus
                tenant_id: 00000000-0000-0000-0000-000000000001
                subscription_id: 00000000-0000-0000-0000-000000000002
            modules:
              - type: base
              - type: k8s-cluster
              - type: k8s-base
            """;

    /**
     * How each example is deployed in this test.
     *
     * @param directory where the example sits inside the scratch workspace (some name their environment file by a
     *                  path that climbs directories)
     * @param envFiles  environment files to write, path relative to the workspace
     * @param rejectedFor a placeholder the reader must reject, or null when the example renders
     */
    record Case(String file, SpecInputs inputs, String directory, Map<String, String> envFiles, String rejectedFor) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Path examples() {
        String shared = System.getProperty("opta.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "examples", "opta");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "../shared/examples/opta not present (system property opta.shared.dir): skipping the Opta example golden tests");
        return dir;
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(examples())) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    cases.add(caseFor(name));
                }
            }
        }
        return cases.stream();
    }

    private static Case caseFor(String name) {
        SpecInputs none = SpecInputs.none();
        String prefix = name.substring(0, name.indexOf("__"));
        return switch (prefix) {
            case "hello-app", "grpcbin" -> new Case(name, none.withEnvironment("local"), "", Map.of("env-local.yaml", LOCAL_ENV), null);
            case "httpbin" -> new Case(name, none.withEnvironment("local"), "", Map.of("env-local.yaml", LOCAL_ENV), "{Content-Type}");
            case "azure-http" -> new Case(name, none, "", Map.of("environment.yaml", AZURE_ENV), null);
            case "http-service" -> new Case(name, none, "", Map.of("environment.yaml", AWS_ENV.formatted("env-tg")), null);
            case "ci-pg" -> new Case(name, new SpecInputs(null, Map.of(), Map.of("domain", "ci.example.com")), "",
                    Map.of("environment.yml", AWS_ENV.formatted("awsenv-ci")), null);
            case "websocket" -> new Case(name, none, "", Map.of("environment.yml", AWS_ENV.formatted("awsenv-ci")), null);
            case "todo-api" -> new Case(name, none, "api/todo-python-django/opta",
                    Map.of("providers/aws.yaml", AWS_ENV.formatted("awsenv")), null);
            case "ghost" -> new Case(name, none, "", Map.of(), "{module.dns.domain}");
            default -> new Case(name, none, "", Map.of(), null);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsReviewed(Case example, @TempDir Path workspace) throws Exception {
        Path serviceDir = workspace.resolve(example.directory());
        Files.createDirectories(serviceDir);
        Files.copy(examples().resolve(example.file()), serviceDir.resolve(example.file()));
        for (Map.Entry<String, String> env : example.envFiles().entrySet()) {
            Path envFile = workspace.resolve(env.getKey());
            Files.createDirectories(envFile.getParent());
            Files.writeString(envFile, env.getValue());
        }
        String relative = example.directory().isEmpty() ? example.file() : example.directory() + "/" + example.file();

        if (example.rejectedFor() != null) {
            assertThatThrownBy(() -> new SpecReader().read(workspace, relative, example.inputs()))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining(example.rejectedFor());
            return;
        }
        ServiceSpec spec = new SpecReader().read(workspace, relative, example.inputs());
        String yaml = new ManifestRenderer().render(spec, contextFor(spec)).toYaml();
        String golden = example.file().replaceFirst("\\.ya?ml$", "") + ".yaml";
        GoldenFiles.assertMatches("golden/examples/" + golden, yaml);
    }

    static RenderContext contextFor(ServiceSpec spec) {
        if (spec.service().image() instanceof K8sService.Image.External external) {
            return new RenderContext(external.reference(), null, null,
                    "https://jenkins.example.com/job/" + spec.layerName() + "/7/", "jenkins-" + spec.layerName() + "-7",
                    "opta-deploy/0.1.0");
        }
        return Contexts.auto(spec.layerName(), spec.service().moduleName());
    }
}
