package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, render and the usage rules, in-process with captured output. */
class CommandLineTest {
    private static final Path RESOURCES = Path.of("src/test/resources/cli").toAbsolutePath();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @TempDir
    Path temp;

    @Test
    void validatePrintsWhatTheSpecDeploys() {
        var result = new CliRun().run("validate", "examples/orders-auto/opta.yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(
                "examples/orders-auto/opta.yaml: valid: service orders/api in namespace orders, image AUTO\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void invalidSpecPrintsEveryProblemAsFileLineColumnAndExits3() {
        var result = new CliRun().run("validate", "--workspace", RESOURCES.resolve("invalid").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_SPEC);
        assertThat(result.out()).isEmpty();
        List<String> lines = result.err().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(line -> line.matches("opta\\.yaml:\\d+:\\d+: \\S.*"), "file:line:column: ... on every line");
        assertThat(result.err()).contains("modules[0].port.http", "modules[0].sticky_session", "modules[0].replicas")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingFileIsAnInvalidSpecWithOneMessage() {
        var result = new CliRun().in(temp).run("render", "nothing-here.yaml");

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
        assertThat(result.err().lines()).singleElement().asString().startsWith("nothing-here.yaml: ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void fileDefaultsToOptaYamlInTheWorkspace() throws Exception {
        Files.copy(Path.of("examples/hello-http/opta.yaml"), temp.resolve("opta.yaml"));

        var byDefault = new CliRun().in(temp).run("validate");
        var inWorkspace = new CliRun().run("validate", "--workspace", temp.toString(), "opta.yaml");

        assertThat(byDefault.exitCode()).as(byDefault.toString()).isZero();
        assertThat(byDefault.out()).startsWith("opta.yaml: valid: service hello/web");
        assertThat(inWorkspace.exitCode()).as(inWorkspace.toString()).isZero();
    }

    @Test
    void aFileOutsideTheWorkspaceIsRefusedUnread() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Path secret = Files.writeString(temp.resolve("shadow"), "root:$6$secret-hash:19000:0:99999:7:::\n");
        Files.createSymbolicLink(workspace.resolve("linked.yaml"), secret);

        var absolute = new CliRun().in(workspace).run("validate", secret.toString());
        var dotDot = new CliRun().in(workspace).run("validate", "../shadow");
        var link = new CliRun().in(workspace).run("validate", "linked.yaml");

        assertThat(absolute.exitCode()).as(absolute.toString()).isEqualTo(ExitCode.INVALID_SPEC);
        assertThat(absolute.err()).contains("is an absolute path: give the file relative to the workspace");
        assertThat(dotDot.err()).contains("leads outside the workspace");
        assertThat(link.err()).contains("symbolic link leading outside the workspace");
        for (var result : List.of(absolute, dotDot, link)) {
            assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
            assertThat(result.err()).doesNotContain("secret-hash").hasLineCount(1);
        }
    }

    @Test
    void aWorkspaceFileThatIsNotAnOptaFileIsNotEchoed() throws Exception {
        Files.writeString(temp.resolve("opta.yaml"), "root:$6$secret-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        Files.writeString(temp.resolve("keys.yaml"), "api_key: secret-key\npassword: secret-password\n");

        var lines = new CliRun().in(temp).run("validate");
        var keys = new CliRun().in(temp).run("validate", "keys.yaml");

        assertThat(lines.exitCode()).isEqualTo(ExitCode.INVALID_SPEC);
        assertThat(lines.err()).startsWith("opta.yaml:1:1: not an Opta file").doesNotContain("secret", "root")
                .hasLineCount(1);
        assertThat(keys.err()).startsWith("keys.yaml:1:1: not an Opta file").doesNotContain("secret", "api_key");
    }

    @Test
    void anImageArchiveOutsideTheWorkspaceIsRefused() throws Exception {
        Files.copy(Path.of("examples/orders-auto/opta.yaml"), temp.resolve("opta.yaml"));
        Path outside = Files.createTempFile("image", ".tar");
        try {
            var result = new CliRun().in(temp).run("push", "--image-archive", outside.toString(), "--registry",
                    "127.0.0.1:1", "--tag", "t");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.PUSH_FAILED);
            assertThat(result.err()).contains("image archive: '" + outside + "' is an absolute path");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void environmentAndVariablesReachTheSpec() {
        var staging = new CliRun().run("render", "examples/catalog-envs/opta.yaml", "--env", "staging",
                "--var", "image_tag=1.9.0", "--var", "feature_flags=a=b,c");

        assertThat(staging.exitCode()).as(staging.toString()).isZero();
        Deployment deployment = workload(staging.out());
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/example-org/catalog:1.9.0");
        assertThat(container.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("CATALOG_FEATURES");
            assertThat(env.getValue()).isEqualTo("a=b,c");
        }).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("CATALOG_ENV");
            assertThat(env.getValue()).isEqualTo("staging");
        });
    }

    @Test
    void renderPrintsMultiDocumentYamlInApplyOrder() {
        var result = new CliRun().run("render", "examples/hello-http/opta.yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<HasMetadata> objects = parse(result.out());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Namespace", "ServiceAccount", "Service",
                "Deployment", "HorizontalPodAutoscaler", "Ingress", "Ingress");
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getName()).isNotBlank());
        assertThat(result.out()).startsWith("---\napiVersion: v1\nkind: Namespace\n");
    }

    @Test
    void renderOfAnAutoImageUsesTheRegistryAndTagGiven() {
        var result = new CliRun().run("render", "examples/orders-auto/opta.yaml", "--registry", "registry.example.test:5000",
                "--tag", "build-7");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(workload(result.out()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.test:5000/orders/api:build-7");
    }

    @Test
    void malformedRegistryIsAUsageError() {
        var result = new CliRun().run("render", "examples/orders-auto/opta.yaml", "--registry", "https://nope/");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("registry").doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void usageErrorsExit2WithOneMessageAndAHint() {
        var unknown = new CliRun().run("render", "--bogus");
        var none = new CliRun().run();
        var badTimeout = new CliRun().run("deploy", "examples/hello-http/opta.yaml", "--timeout", "soon");
        var twoSources = new CliRun().run("push", "examples/orders-auto/opta.yaml", "--local-image", "a:1",
                "--source-image", "b:2");

        assertThat(List.of(unknown, none, badTimeout, twoSources)).allSatisfy(result -> {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).contains("--help").doesNotContain("\tat ");
            assertThat(result.out()).isEmpty();
        });
        assertThat(unknown.err()).startsWith("opta-deploy: Unknown option: '--bogus'");
        assertThat(badTimeout.err()).contains("'soon' is not a duration");
        assertThat(twoSources.err()).contains("mutually exclusive");
    }

    @Test
    void pushNeedsASourceAndAnAutoImage() {
        var noSource = new CliRun().run("push", "examples/orders-auto/opta.yaml");
        var external = new CliRun().run("push", "examples/hello-http/opta.yaml", "--local-image", "web:1");
        var halfLogin = new CliRun().run("push", "examples/orders-auto/opta.yaml", "--local-image", "orders:1",
                "--username", "ci");

        assertThat(noSource.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noSource.err()).contains("--image-archive", "--local-image", "--source-image");
        assertThat(external.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(external.err()).contains("runs image nginxinc/nginx-unprivileged:1.27-alpine, not image: AUTO");
        assertThat(halfLogin.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(halfLogin.err()).contains("--username and --password-stdin go together");
    }

    @Test
    void deployWithoutAKubeconfigSaysHowToGiveOne() {
        var result = new CliRun().run("deploy", "examples/hello-http/opta.yaml");
        var missing = new CliRun().run("deploy", "examples/hello-http/opta.yaml", "--kubeconfig", "no/such/file");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("pass --kubeconfig FILE or set KUBECONFIG");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("--kubeconfig no/such/file: no such file");
    }

    @Test
    void helpListsTheCommandsAndEveryExitCode() {
        var result = new CliRun().run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("validate", "render", "push", "deploy", "Exit codes:");
        for (int code = 0; code <= 7; code++) {
            assertThat(result.out()).containsPattern("(?m)^  " + code + " +\\S");
        }
    }

    private static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        return objects;
    }

    private static Deployment workload(String yaml) {
        return parse(yaml).stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
    }
}
