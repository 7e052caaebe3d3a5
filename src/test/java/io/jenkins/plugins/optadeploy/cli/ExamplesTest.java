package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.jenkins.plugins.optadeploy.manifests.ManifestRenderer;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.manifests.RenderContext;
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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example under examples/ is valid, renders what its comments promise, and its Jenkinsfile uses real parameters. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("examples").toAbsolutePath();
    /** The optaDeploy step's parameters. */
    private static final Set<String> STEP_PARAMETERS = Set.of("file", "env", "vars", "credentialsId", "context",
            "serverUrl", "registry", "registryCredentialsId", "tag", "localImage", "imageArchive", "sourceImage",
            "timeout", "rollback", "dryRun", "forceConflicts", "insecureRegistry");
    private static final Pattern STEP_CALL = Pattern.compile("optaDeploy\\s+((?:[^\\n]*,\\s*\\n)*[^\\n]*)");
    private static final Pattern PARAMETER = Pattern.compile("(?:^|,)\\s*(\\w+)\\s*:");

    /** Each example with the environment choices it is deployed with. */
    static final Map<String, List<String>> EXAMPLE_ENVIRONMENTS = Map.of(
            "hello-http", List.of(""),
            "chat-websocket", List.of(""),
            "orders-auto", List.of(""),
            "catalog-envs", List.of("staging", "prod"));

    @Test
    void theExamplesAreExactlyTheOnesTested() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(EXAMPLE_ENVIRONMENTS.keySet());
        }
    }

    @Test
    void everyExampleValidatesAndRendersInEveryEnvironment() throws Exception {
        for (var example : EXAMPLE_ENVIRONMENTS.entrySet()) {
            for (String environment : example.getValue()) {
                Manifests manifests = render(example.getKey(), environment);
                assertThat(manifests.workload()).as(example.getKey()).isNotNull();
                assertThat(manifests.service()).as(example.getKey()).isNotNull();
                assertThat(manifests.ingresses()).as(example.getKey()).isNotEmpty();
                assertThat(manifests.toYaml()).as(example.getKey()).startsWith("---\n");
            }
        }
    }

    @Test
    void helloHttpHasBothProbesAndTwoRoutes() throws Exception {
        Manifests manifests = render("hello-http", "");
        var container = ((Deployment) manifests.workload()).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/index.html");
        assertThat(container.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(2);
        assertThat(manifests.ingresses()).hasSize(2);
        assertThat(manifests.ingresses()).anySatisfy(ingress ->
                assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("hello.example.test"));
    }

    @Test
    void chatWebsocketExposesBothPortsWithLongProxyTimeouts() throws Exception {
        Manifests manifests = render("chat-websocket", "");

        assertThat(manifests.service().getSpec().getPorts()).extracting(port -> port.getName() + ":" + port.getPort())
                .containsExactly("ws:80", "native:7000");
        Ingress ingress = manifests.ingresses().get(0);
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/affinity", "cookie");
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getPort()
                .getName()).isEqualTo("ws");
    }

    @Test
    void ordersAutoAutoscalesAndRunsANightlyJob() throws Exception {
        ServiceSpec spec = read("orders-auto", "");
        Manifests manifests = render("orders-auto", "");
        HorizontalPodAutoscaler hpa = manifests.autoscaler();

        assertThat(spec.service().image()).isInstanceOf(K8sService.Image.Auto.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics()).extracting(metric -> metric.getResource().getName() + "="
                + metric.getResource().getTarget().getAverageUtilization()).containsExactly("cpu=60", "memory=75");
        assertThat(manifests.cronJobs()).singleElement()
                .satisfies(job -> assertThat(job.getSpec().getSchedule()).isEqualTo("15 3 * * *"));
        assertThat(((Deployment) manifests.workload()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("localhost:5000/orders/api@sha256:" + "0".repeat(64));
    }

    @Test
    void catalogEnvsTakesItsSizeAndDomainFromTheEnvironment() throws Exception {
        Manifests staging = render("catalog-envs", "staging");
        Manifests prod = render("catalog-envs", "prod");

        assertThat(staging.autoscaler().getSpec().getMaxReplicas()).isEqualTo(2);
        assertThat(prod.autoscaler().getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(prod.autoscaler().getSpec().getMaxReplicas()).isEqualTo(12);
        assertThat(staging.ingresses().get(0).getSpec().getRules().get(0).getHost()).isEqualTo("catalog.staging.example.test");
        assertThat(prod.ingresses().get(0).getSpec().getRules().get(0).getHost()).isEqualTo("catalog.example.test");
        assertThat(read("catalog-envs", "prod").environmentName()).isEqualTo("prod");
    }

    @Test
    void everyJenkinsfileCallsTheStepOnItsOwnSpecWithRealParameters() throws IOException {
        for (String example : EXAMPLE_ENVIRONMENTS.keySet()) {
            String jenkinsfile = Files.readString(EXAMPLES.resolve(example).resolve("Jenkinsfile"));
            List<String> calls = stepCalls(jenkinsfile);
            assertThat(calls).as(example).isNotEmpty();
            for (String call : calls) {
                List<String> parameters = parameters(call);
                assertThat(parameters).as(example + ": " + call).contains("file").isSubsetOf(STEP_PARAMETERS);
                assertThat(call).as(example).contains("file: 'examples/" + example + "/opta.yaml'");
            }
        }
    }

    static ServiceSpec read(String example, String environment) throws Exception {
        return new SpecReader().read(EXAMPLES.getParent(), "examples/" + example + "/opta.yaml",
                new SpecInputs(environment.isEmpty() ? null : environment, Map.of(), Map.of()));
    }

    static Manifests render(String example, String environment) throws Exception {
        ServiceSpec spec = read(example, environment);
        RenderContext context = spec.service().image() instanceof K8sService.Image.External external
                ? new RenderContext(external.reference(), null, null, null, null, null)
                : new RenderContext("localhost:5000/" + spec.layerName() + "/" + spec.service().moduleName() + "@sha256:"
                        + "0".repeat(64), "sha256:" + "0".repeat(64),
                        "localhost:5000/" + spec.layerName() + "/" + spec.service().moduleName(), null, null, null);
        return new ManifestRenderer().render(spec, context);
    }

    private static List<String> stepCalls(String jenkinsfile) {
        List<String> calls = new ArrayList<>();
        Matcher matcher = STEP_CALL.matcher(jenkinsfile);
        while (matcher.find()) {
            calls.add(matcher.group(1));
        }
        return calls;
    }

    /** Top-level named arguments: map literals such as {@code vars: [a: 'b']} are skipped. */
    private static List<String> parameters(String call) {
        String flat = call.replaceAll("\\[[^\\]]*\\]", "[]").replaceAll("'[^']*'|\"[^\"]*\"", "''");
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(flat);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
