package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.optadeploy.spec.K8sService.CronJob;
import io.jenkins.plugins.optadeploy.spec.K8sService.EnvVar;
import io.jenkins.plugins.optadeploy.spec.K8sService.Image;
import io.jenkins.plugins.optadeploy.spec.K8sService.Link;
import io.jenkins.plugins.optadeploy.spec.K8sService.PersistentVolume;
import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.spec.Probes.Probe;
import io.jenkins.plugins.optadeploy.spec.K8sService.PublicUri;
import io.jenkins.plugins.optadeploy.spec.K8sService.Resources;
import io.jenkins.plugins.optadeploy.spec.K8sService.Toleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's own valid fixtures: every field, defaults, environments, variables and warnings. */
class ValidFixturesTest {
    private final SpecReader reader = new SpecReader();

    static Path fixtures() throws Exception {
        return Path.of(ValidFixturesTest.class.getResource("/spec/valid").toURI());
    }

    @Test
    void everyFieldOfTheUnionSchema() throws Exception {
        ServiceSpec spec = reader.read(fixtures(), "full-union.yaml", SpecInputs.none());
        K8sService svc = spec.service();

        assertThat(spec.layerName()).isEqualTo("shop");
        assertThat(spec.environment()).isNull();
        assertThat(spec.environmentName()).isNull();
        assertThat(svc.moduleName()).isEqualTo("web");
        assertThat(svc.image()).isEqualTo(new Image.External("ghcr.io/acme/web:1.4.2"));
        Port http = new Port("http", Port.Type.HTTP, Port.Protocol.WEBSOCKET, 8080, 80);
        assertThat(svc.ports().list()).containsExactly(http, new Port("metrics", Port.Type.TCP, Port.Protocol.NONE, 9090, 9090));
        assertThat(svc.ports().probePort()).isEqualTo(http);
        assertThat(svc.scaling().minContainers()).isEqualTo(2);
        assertThat(svc.scaling().maxContainers()).isEqualTo(6);
        assertThat(svc.scaling().targetCpuPercent()).isEqualTo(70);
        assertThat(svc.scaling().targetMemoryPercent()).isZero();
        assertThat(svc.env().vars()).containsExactly(new EnvVar("LOG_LEVEL", "info"), new EnvVar("BRACES", "{literal}"),
                new EnvVar("WHERE", "shop/web"));
        assertThat(svc.env().secrets()).containsExactly("API_KEY");
        assertThat(svc.env().links()).containsExactly(new Link("cache", Map.of()));
        assertThat(svc.probes().liveness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe(null, List.of("/bin/check", "--live"), 5, null, null));
        assertThat(svc.probes().readiness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe("/ready", List.of(), 3, 10, null));
        assertThat(svc.resources()).isEqualTo(new Resources("500m", "1Gi", "2", "2048Mi"));
        assertThat(svc.routing().publicUris()).containsExactly(
                new PublicUri("shop.example.com", "/api", "shop.example.com/api/"),
                new PublicUri("*.shop.example.com", "/", "*.shop.example.com"),
                new PublicUri(null, "/admin", "*/admin"));
        assertThat(svc.routing().keepPathPrefix()).isTrue();
        assertThat(svc.routing().stickySession()).isTrue();
        assertThat(svc.routing().stickySessionMaxAge()).isEqualTo(600);
        assertThat(svc.routing().consistentHash()).isEqualTo("$request_uri");
        assertThat(svc.routing().extraAnnotations()).containsExactly(
                Map.entry("nginx.ingress.kubernetes.io/proxy-body-size", "10m"));
        assertThat(svc.persistentStorage()).containsExactly(new PersistentVolume(5, "/data"),
                new PersistentVolume(1, "/cache"));
        assertThat(svc.pod().tolerations()).containsExactly(new Toleration("dedicated", "opta", "NoSchedule"),
                new Toleration("gpu", "true", "NoExecute"));
        assertThat(svc.cronJobs()).containsExactly(new CronJob(List.of("/bin/report"), List.of("--daily"), "0 3 * * *"),
                new CronJob(List.of("/bin/ping"), List.of(), "@hourly"));
        assertThat(svc.pod().commands()).containsExactly("/bin/web");
        assertThat(svc.pod().args()).containsExactly("--port", "8080");
        assertThat(svc.pod().annotations()).containsExactly(Map.entry("prometheus.io/scrape", "true"),
                Map.entry("prometheus.io/port", "9090"));
        assertThat(svc.pod().labels()).containsExactly(Map.entry("team", "storefront"));
        assertThat(svc.rollout().timeoutSeconds()).isEqualTo(600);
        assertThat(svc.rollout().maxHistory()).isEqualTo(5);
        assertThat(svc.ignoredFields()).containsExactly("additional_iam_policies", "additional_iam_roles", "links.bucket");
        assertThat(spec.warnings()).extracting(SpecProblem::toString).containsExactly(
                "full-union.yaml:28:5: modules[0].secrets: deprecated and without effect: put secret values in the "
                        + "manual-secrets Secret of the namespace instead",
                "full-union.yaml:32:9: modules[0].links[1].bucket: ignored: a link to aws-s3 only grants cloud IAM "
                        + "permissions, which this plugin does not manage",
                "full-union.yaml:78:5: modules[0].additional_iam_policies: ignored: it only applies to cloud IAM, which "
                        + "this plugin does not manage",
                "full-union.yaml:80:5: modules[0].additional_iam_roles: ignored: it only applies to cloud IAM, which "
                        + "this plugin does not manage",
                "full-union.yaml:81:11: modules[1].type: module 'cache' (redis) is ignored: this plugin deploys only "
                        + "the k8s-service module",
                "full-union.yaml:83:11: modules[2].type: module 'bucket' (aws-s3) is ignored: this plugin deploys only "
                        + "the k8s-service module");
    }

    @Test
    void byokFileIsItsOwnEnvironment() throws Exception {
        ServiceSpec spec = reader.read(fixtures(), "byok.yaml", SpecInputs.none());

        assertThat(spec.orgName()).isEqualTo("acme");
        assertThat(spec.environmentName()).isEqualTo("hello");
        assertThat(spec.service().image()).isEqualTo(new Image.Auto());
        assertThat(spec.service().routing().publicUris()).containsExactly(new PublicUri("hello.example.com", "/", "hello.example.com"));
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void cronOnlyServiceNeedsNoPort() throws Exception {
        K8sService svc = reader.read(fixtures(), "cron-only.yaml", SpecInputs.none()).service();

        assertThat(svc.ports().list()).isEmpty();
        assertThat(svc.ports().probePort()).isNull();
        assertThat(svc.ports().http()).isNull();
        assertThat(svc.scaling().minContainers()).isZero();
        assertThat(svc.scaling().maxContainers()).isZero();
        assertThat(svc.env().vars()).containsExactly(new EnvVar("MODE", "nightly"), new EnvVar("COUNT", "3"));
        assertThat(svc.cronJobs()).containsExactly(new CronJob(List.of("sh", "-c", "echo hi"), List.of(), "*/15 * * * *"));
        assertThat(svc.probes().liveness()).isNull();
    }

    @Test
    void environmentFileVariablesVarsAndParentOutputs() throws Exception {
        Path workspace = fixtures().resolve("with-env");
        SpecInputs inputs = new SpecInputs("prod", Map.of("tag", "1.2.3"), Map.of("db_host", "db.prod.internal"));

        ServiceSpec spec = reader.read(workspace, "service/opta.yaml", inputs);

        assertThat(spec.file()).isEqualTo("service/opta.yaml");
        assertThat(spec.environment()).isEqualTo("prod");
        assertThat(spec.environmentName()).isEqualTo("prod-eu");
        assertThat(spec.orgName()).isEqualTo("acme");
        assertThat(spec.variables()).containsOnly(Map.entry("tag", "1.2.3"), Map.entry("tier", "gold"),
                Map.entry("replicas", "4"));
        K8sService svc = spec.service();
        assertThat(svc.image()).isEqualTo(new Image.External("registry.example.com/orders:1.2.3"));
        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.GRPC, 50051, 80));
        assertThat(svc.scaling().minContainers()).isEqualTo(4);
        assertThat(svc.env().vars()).containsExactly(new EnvVar("ENVIRONMENT", "prod-eu"), new EnvVar("PARENT", "prod-eu"),
                new EnvVar("TIER", "gold"), new EnvVar("DB_HOST", "db.prod.internal"));
        List<String> probe = List.of("grpc_health_probe", "-addr=:50051");
        assertThat(svc.probes().liveness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe(null, probe, 30, null, null));
        assertThat(svc.probes().readiness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe(null, probe, 30, 10, null));
        assertThat(svc.resources()).isEqualTo(new Resources("250m", "512Mi", "500m", "1Gi"));
        assertThat(spec.sourceSha256()).isEqualTo(SharedExamplesTest.sha256(
                Files.readAllBytes(workspace.resolve("service/opta.yaml")),
                Files.readAllBytes(workspace.resolve("environments/prod.yaml"))));
    }

    @Test
    void otherEnvironmentGetsItsOwnVariablesAndTheInputDefault() throws Exception {
        SpecInputs inputs = new SpecInputs("staging", Map.of("tag", "rc1"), Map.of("db_host", "db.staging"));

        ServiceSpec spec = reader.read(fixtures().resolve("with-env"), "service/opta.yaml", inputs);

        assertThat(spec.environmentName()).isEqualTo("staging-eu");
        assertThat(spec.variables()).containsOnly(Map.entry("tag", "rc1"), Map.entry("tier", "bronze"),
                Map.entry("replicas", "2"));
        assertThat(spec.service().scaling().minContainers()).isEqualTo(2);
    }

    @Test
    void missingRequiredVariableIsReportedOnceAtItsDeclaration() throws Exception {
        SpecInputs inputs = new SpecInputs("prod", Map.of(), Map.of("db_host", "x"));

        assertThatThrownBy(() -> reader.read(fixtures().resolve("with-env"), "service/opta.yaml", inputs))
                .hasMessage("service/opta.yaml:15:11: input_variables[0].name: input variable 'tag' has no default and "
                        + "no value: pass it with --var tag=... or set it in the environment's variables");
    }

    @Test
    void inMemoryReadUsesTheEnvironmentEntryButNotItsFile() {
        String text = """
                name: orders
                environments:
                  - name: prod
                    path: prod.yaml
                    variables:
                      replicas: 2
                modules:
                  - type: k8s-service
                    image: nginx
                    port: {http: 80}
                    min_containers: "{vars.replicas}"
                """;

        ServiceSpec spec = assertDoesNotThrow(() -> reader.read("opta.yaml", text, SpecInputs.none()));

        assertThat(spec.environment()).isEqualTo("prod");
        assertThat(spec.environmentName()).isNull();
        assertThat(spec.service().moduleName()).isEqualTo("k8sservice");
        assertThat(spec.service().scaling().minContainers()).isEqualTo(2);
        assertThat(spec.sourceSha256()).hasSize(64);
    }

    private static ServiceSpec assertDoesNotThrow(ThrowingSupplier supplier) {
        try {
            return supplier.get();
        } catch (InvalidSpecException e) {
            throw new AssertionError("unexpected problems:\n" + e.getMessage(), e);
        }
    }

    private interface ThrowingSupplier {
        ServiceSpec get() throws InvalidSpecException;
    }
}
