package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --registry} is checked as host[:port] by every command that takes it, before anything is read or sent. */
class RegistryArgumentsTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:99999", "999.1.1.1:5000", "127.0.0.1:0", "registry:http", "https://r.example"})
    void aMalformedRegistryIsAUsageErrorForPushDeployAndRender(String registry) {
        var push = new CliRun().run("push", "examples/orders-auto/opta.yaml", "--image-archive", "none.tar",
                "--registry", registry);
        var deploy = new CliRun().run("deploy", "examples/orders-auto/opta.yaml", "--image-archive", "none.tar",
                "--registry", registry, "--kubeconfig", "/nonexistent/kubeconfig");
        var render = new CliRun().run("render", "examples/orders-auto/opta.yaml", "--registry", registry);

        for (var result : java.util.List.of(push, deploy, render)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(result.out()).isEmpty();
            assertThat(result.err().strip().lines()).as(result.toString()).singleElement().asString()
                    .startsWith("--registry: ").doesNotContain("internal error", "Exception");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry.example.test:5000", "[::1]:5000", "10.1.2.3"})
    void aWellFormedRegistryRenders(String registry) {
        var render = new CliRun().run("render", "examples/orders-auto/opta.yaml", "--registry", registry);

        assertThat(render.exitCode()).as(render.toString()).isZero();
        assertThat(render.out()).contains(registry + "/orders/api:latest");
    }
}
