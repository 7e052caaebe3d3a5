package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.optadeploy.spec.K8sService.EnvVar;
import io.jenkins.plugins.optadeploy.spec.K8sService.Image;
import io.jenkins.plugins.optadeploy.spec.K8sService.Link;
import io.jenkins.plugins.optadeploy.spec.K8sService.PersistentVolume;
import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.spec.Probes.Probe;
import io.jenkins.plugins.optadeploy.spec.K8sService.PublicUri;
import io.jenkins.plugins.optadeploy.spec.K8sService.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real Opta file in ../shared/examples/opta, read in place and copied next to the environment file or with the
 * variables it needs; each asserts the resulting spec (or the located error the file must produce).
 */
class SharedExamplesTest {
    private static final String EXAMPLES = "examples/opta";

    @TempDir
    Path workspace;

    private Path examples;
    private final SpecReader reader = new SpecReader();

    @BeforeEach
    void locateExamples() {
        String shared = System.getProperty("opta.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, EXAMPLES);
        assumeThat(dir != null && Files.isDirectory(dir))
                .as("../shared not present: skipping the shared Opta examples").isTrue();
        examples = dir;
    }

    @Test
    void everyExampleIsCoveredHere() throws IOException {
        try (Stream<Path> files = Files.list(examples)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")))
                    .containsExactlyInAnyOrder(
                            "azure-http__min2__max-from-env-variable__probe-paths.yaml",
                            "byok-hello__no-environments__org-name.yaml",
                            "ci-pg__auto-image__parent-domain-subdomain__env-interp__secrets__links.yml",
                            "ghost__single-file-env__legacy-tcp__module-output-refs__secrets.yaml",
                            "grpcbin__grpc-port__external-image.yaml",
                            "hello-app__auto-image__http-port__healthcheck__path-uri__4-envs.yaml",
                            "http-service__sticky-session__keep-path-prefix__probe-paths__env-variables.yaml",
                            "httpbin__external-image__env-vars-map__root-uri.yaml",
                            "minecraft__single-file-env__ports-list-tcp__resource-request__persistent-storage.yaml",
                            "todo-api__auto-image__env-vars-list__link-renames.yaml",
                            "websocket__legacy-tcp-port__no-probes.yml");
        }
    }

    @Test
    void azureHttpTakesMaxContainersFromTheEnvironmentEntry() throws Exception {
        Path service = copy("azure-http__min2__max-from-env-variable__probe-paths.yaml", "service-http.yaml");
        Path env = write("environment.yaml", "name: azure-env\norg_name: opta-ci\nproviders:\n  azurerm: {location: centralus}\n");

        ServiceSpec spec = reader.read(workspace, "service-http.yaml", SpecInputs.none());

        assertThat(spec.layerName()).isEqualTo("service-k8s");
        assertThat(spec.environment()).isEqualTo("azure-example");
        assertThat(spec.environmentName()).isEqualTo("azure-env");
        assertThat(spec.orgName()).isEqualTo("opta-ci");
        assertThat(spec.variables()).containsExactly(Map.entry("max_containers", "2"));
        K8sService svc = spec.service();
        assertThat(svc.moduleName()).isEqualTo("app");
        assertThat(svc.image()).isEqualTo(new Image.External("kennethreitz/httpbin"));
        assertThat(svc.scaling().minContainers()).isEqualTo(2);
        assertThat(svc.scaling().maxContainers()).isEqualTo(2);
        assertThat(svc.probes().liveness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe("/get", List.of(), 30, null, null));
        assertThat(svc.probes().readiness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe("/get", List.of(), 30, 10, null));
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri(null, "/", "/"));
        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.NONE, 80, 80));
        assertThat(spec.sourceSha256()).isEqualTo(sha256(Files.readAllBytes(service), Files.readAllBytes(env)));
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void byokServiceNeedsNoEnvironment() throws Exception {
        ServiceSpec spec = reader.read(examples, "byok-hello__no-environments__org-name.yaml", SpecInputs.none());

        assertThat(spec.layerName()).isEqualTo("hello");
        assertThat(spec.orgName()).isEqualTo("opta-tests");
        assertThat(spec.environment()).isNull();
        assertThat(spec.environmentName()).isEqualTo("hello");
        K8sService svc = spec.service();
        assertThat(svc.moduleName()).isEqualTo("hello");
        assertThat(svc.image()).isEqualTo(new Image.External("ghcr.io/run-x/hello-opta/hello-opta:main"));
        assertThat(svc.probes().liveness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe("/", List.of(), 30, null, null));
        assertThat(svc.probes().readiness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe("/", List.of(), 30, 10, null));
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri(null, "/hello", "/hello"));
        assertThat(svc.scaling().minContainers()).isEqualTo(1);
        assertThat(svc.scaling().maxContainers()).isEqualTo(3);
        assertThat(svc.scaling().targetCpuPercent()).isEqualTo(80);
        assertThat(svc.scaling().targetMemoryPercent()).isEqualTo(80);
        assertThat(svc.resources()).isEqualTo(new Resources("100m", "128Mi", "200m", "256Mi"));
        assertThat(svc.routing().stickySessionMaxAge()).isEqualTo(86400);
        assertThat(svc.rollout().timeoutSeconds()).isEqualTo(300);
        assertThat(svc.rollout().maxHistory()).isEqualTo(25);
        assertThat(spec.warnings()).isEmpty();
    }

    @Test
    void ciPgResolvesEnvAndParentDomainAndWarnsAboutSecretsAndThePostgresModule() throws Exception {
        copy("ci-pg__auto-image__parent-domain-subdomain__env-interp__secrets__links.yml", "service-pg.yml");
        write("environment.yml", "name: awsenv-ci-root\norg_name: opta-ci\nproviders:\n  aws: {region: us-east-1}\n");

        ServiceSpec spec = reader.read(workspace, "service-pg.yml",
                new SpecInputs(null, Map.of(), Map.of("domain", "ci.example.com")));

        K8sService svc = spec.service();
        assertThat(svc.moduleName()).isEqualTo("k8sservice");
        assertThat(svc.image()).isEqualTo(new Image.Auto());
        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.NONE, 5000, 80));
        assertThat(svc.routing().publicUris()).containsExactly(
                new PublicUri("test-service.ci.example.com", "/", "test-service.ci.example.com"));
        assertThat(svc.env().vars()).startsWith(new EnvVar("APPENV", "awsenv-ci-root"), new EnvVar("CLOUD_PROVIDER", "aws"))
                .hasSize(6);
        assertThat(svc.env().secrets()).containsExactly("FAKE_SECRET");
        assertThat(svc.env().links()).containsExactly(new Link("pg", Map.of()));
        assertThat(svc.probes().liveness().path()).isEqualTo("/healthcheck");
        assertThat(spec.warnings()).extracting(SpecProblem::toString).containsExactly(
                "service-pg.yml:26:5: modules[0].secrets: deprecated and without effect: put secret values in the "
                        + "manual-secrets Secret of the namespace instead",
                "service-pg.yml:31:11: modules[1].type: module 'pg' (postgres) is ignored: this plugin deploys only "
                        + "the k8s-service module");
    }

    @Test
    void ciPgWithoutTheParentDomainIsALocatedError() throws Exception {
        copy("ci-pg__auto-image__parent-domain-subdomain__env-interp__secrets__links.yml", "service-pg.yml");
        write("environment.yml", "name: awsenv-ci-root\norg_name: opta-ci\n");

        assertThatThrownBy(() -> reader.read(workspace, "service-pg.yml", SpecInputs.none()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("service-pg.yml:12:31: modules[0].public_uri: the environment output 'domain' was not "
                        + "supplied: pass it as a parent output (see 'opta output' on the environment) or write the value");
    }

    @Test
    void ghostSingleBraceModuleReferenceIsALocatedError() {
        assertThatThrownBy(() -> reader.read(examples,
                "ghost__single-file-env__legacy-tcp__module-output-refs__secrets.yaml", SpecInputs.none()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("ghost__single-file-env__legacy-tcp__module-output-refs__secrets.yaml:34:10: "
                        + "modules[5].public_uri[0]: unknown placeholder '{module.dns.domain}': module outputs are not "
                        + "available to this plugin (Opta would render it as an empty string); write the value or pass "
                        + "it as a variable");
    }

    @Test
    void ghostWithAPlainDomainKeepsTheTerraformReferenceAsText() throws Exception {
        String text = Files.readString(examples.resolve(
                "ghost__single-file-env__legacy-tcp__module-output-refs__secrets.yaml"));
        write("ghost.yaml", text.replace("\"{module.dns.domain}\"", "\"ghost.example.com\""));

        ServiceSpec spec = reader.read(workspace, "ghost.yaml", SpecInputs.none());

        K8sService svc = spec.service();
        assertThat(spec.layerName()).isEqualTo("ghost");
        assertThat(svc.moduleName()).isEqualTo("k8sservice");
        assertThat(svc.image()).isEqualTo(new Image.External("ghost"));
        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.WEBSOCKET, 2368, 80));
        assertThat(svc.env().vars()).contains(new EnvVar("url", "https://${module.dns.domain}/dashboard"),
                new EnvVar("mail__options__auth__user", ""));
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri("ghost.example.com", "/", "ghost.example.com"));
        assertThat(svc.env().links()).containsExactly(new Link("mysql", Map.of(
                "db_user", "database__connection__user", "db_host", "database__connection__host",
                "db_name", "database__connection__database", "db_password", "database__connection__password")));
        assertThat(svc.probes().liveness()).isNull();
        assertThat(svc.probes().readiness()).isNull();
        assertThat(spec.warnings()).extracting(SpecProblem::toString).contains(
                "ghost.yaml:22:16: modules[5].env_vars[1].value: the Terraform reference ${module.dns.domain} cannot "
                        + "be resolved by this plugin and is passed on as literal text",
                "ghost.yaml:31:5: modules[5].secrets: deprecated and without effect: put secret values in the "
                        + "manual-secrets Secret of the namespace instead",
                "ghost.yaml:9:11: modules[1].type: module 'dns' (dns) is ignored: this plugin deploys only the "
                        + "k8s-service module");
    }

    @Test
    void grpcbinChosenEnvironmentGivesAGrpcPortWithoutProbes() throws Exception {
        copy("grpcbin__grpc-port__external-image.yaml", "grpcbin.yaml");
        write("env-local.yaml", "name: localenv\norg_name: my-org\nproviders:\n  local: {}\nmodules:\n  - type: local-base\n");

        ServiceSpec spec = reader.read(workspace, "grpcbin.yaml", new SpecInputs("local", Map.of(), Map.of()));

        assertThat(spec.environment()).isEqualTo("local");
        assertThat(spec.environmentName()).isEqualTo("localenv");
        K8sService svc = spec.service();
        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.GRPC, 9000, 80));
        assertThat(svc.ports().http()).isEqualTo(svc.ports().list().get(0));
        assertThat(svc.probes().liveness()).isNull();
        assertThat(svc.probes().readiness()).isNull();
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri(null, "/", "/"));
    }

    @Test
    void helloAppNeedsAnEnvironmentChoiceAmongFour() throws Exception {
        copy("hello-app__auto-image__http-port__healthcheck__path-uri__4-envs.yaml", "hello.yaml");
        write("env-local.yaml", "name: local\norg_name: my-org\nproviders:\n  local: {}\n");

        assertThatThrownBy(() -> reader.read(workspace, "hello.yaml", SpecInputs.none()))
                .hasMessage("hello.yaml:2:1: environments: the file lists 4 environments (aws, gcp, azure, local): choose one with --env NAME on the command line, or env: 'NAME' in the Jenkins step");

        ServiceSpec spec = reader.read(workspace, "hello.yaml", new SpecInputs("local", Map.of(), Map.of()));
        K8sService svc = spec.service();
        assertThat(spec.layerName()).isEqualTo("hello");
        assertThat(spec.environmentName()).isEqualTo("local");
        assertThat(svc.moduleName()).isEqualTo("hello");
        assertThat(svc.image()).isEqualTo(new Image.Auto());
        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.NONE, 80, 80));
        assertThat(svc.probes().liveness())
                .usingRecursiveComparison().ignoringFields("origin").isEqualTo(new Probe("/", List.of(), 30, null, null));
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri(null, "/hello", "/hello"));
    }

    @Test
    void httpServiceStickySessionAndKeepPathPrefix() throws Exception {
        copy("http-service__sticky-session__keep-path-prefix__probe-paths__env-variables.yaml", "service-http.yaml");
        write("environment.yaml", "name: env-tg-root\norg_name: opta-ci\n");

        K8sService svc = reader.read(workspace, "service-http.yaml", SpecInputs.none()).service();

        assertThat(svc.scaling().minContainers()).isEqualTo(1);
        assertThat(svc.scaling().maxContainers()).isEqualTo(2);
        assertThat(svc.routing().stickySession()).isTrue();
        assertThat(svc.routing().stickySessionMaxAge()).isEqualTo(20);
        assertThat(svc.routing().keepPathPrefix()).isTrue();
        assertThat(svc.probes().liveness().path()).isEqualTo("/get");
        assertThat(svc.probes().readiness().path()).isEqualTo("/get");
    }

    @Test
    void httpbinContentTypeBracesAreALocatedError() throws Exception {
        copy("httpbin__external-image__env-vars-map__root-uri.yaml", "httpbin.yaml");
        write("env-local.yaml", "name: local\norg_name: my-org\n");

        assertThatThrownBy(() -> reader.read(workspace, "httpbin.yaml", new SpecInputs("local", Map.of(), Map.of())))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("httpbin.yaml:19:173: modules[0].env_vars.GUNICORN_CMD_ARGS: unknown placeholder "
                        + "'{Content-Type}' (to write literal braces, double them: '{{Content-Type}}')");
        String line19 = Files.readAllLines(workspace.resolve("httpbin.yaml")).get(18);
        assertThat(line19.substring(172)).startsWith("{Content-Type}");
    }

    @Test
    void httpbinWithDoubledBracesKeepsTheLiteralFormat() throws Exception {
        String text = Files.readString(examples.resolve("httpbin__external-image__env-vars-map__root-uri.yaml"));
        write("httpbin.yaml", text.replace("{Content-Type}", "{{Content-Type}}"));
        write("env-local.yaml", "name: local\norg_name: my-org\n");

        K8sService svc = reader.read(workspace, "httpbin.yaml", new SpecInputs("local", Map.of(), Map.of())).service();

        assertThat(svc.env().vars()).hasSize(1);
        assertThat(svc.env().vars().get(0).name()).isEqualTo("GUNICORN_CMD_ARGS");
        assertThat(svc.env().vars().get(0).value()).endsWith("Content-Type: %({Content-Type}i)s'");
        assertThat(svc.probes().liveness().path()).isEqualTo("/get");
    }

    @Test
    void minecraftSingleFileWithTcpPortsListAndStorage() throws Exception {
        ServiceSpec spec = reader.read(examples,
                "minecraft__single-file-env__ports-list-tcp__resource-request__persistent-storage.yaml", SpecInputs.none());

        K8sService svc = spec.service();
        assertThat(spec.layerName()).isEqualTo("minecraft");
        assertThat(svc.moduleName()).isEqualTo("app");
        assertThat(svc.image()).isEqualTo(new Image.External("itzg/minecraft-server:java17"));
        assertThat(svc.ports().list()).containsExactly(new Port("minecraft", Port.Type.TCP, Port.Protocol.NONE, 25565, 25565));
        assertThat(svc.ports().http()).isNull();
        assertThat(svc.ports().probePort()).isEqualTo(svc.ports().list().get(0));
        assertThat(svc.scaling().minContainers()).isEqualTo(1);
        assertThat(svc.scaling().maxContainers()).isEqualTo(1);
        assertThat(svc.resources()).isEqualTo(new Resources("1700m", "3300Mi", "3400m", "6600Mi"));
        assertThat(svc.persistentStorage()).containsExactly(new PersistentVolume(30, "/data"));
        assertThat(svc.stateful()).isTrue();
        assertThat(svc.env().vars()).hasSize(15);
        assertThat(svc.env().vars().get(0)).isEqualTo(new EnvVar("TYPE", "VANILLA"));
        assertThat(svc.env().vars().get(14)).isEqualTo(new EnvVar("MEMORY", "6G"));
        assertThat(spec.warnings()).extracting(SpecProblem::message).anyMatch(m -> m.contains("org_name"))
                .anyMatch(m -> m.startsWith("ignored: this plugin deploys to the cluster"))
                .anyMatch(m -> m.startsWith("module 'awsnodegroup' (aws-nodegroup) is ignored"));
    }

    @Test
    void todoApiFindsItsEnvironmentThreeDirectoriesUp() throws Exception {
        Path dir = workspace.resolve("full-stack-example/api/todo-python-django/opta");
        Files.createDirectories(dir);
        Files.copy(examples.resolve("todo-api__auto-image__env-vars-list__link-renames.yaml"),
                dir.resolve("opta-api-service.yaml"));
        write("full-stack-example/providers/aws.yaml", "name: awsenv-root\norg_name: todo\n");

        ServiceSpec spec = reader.read(workspace, "full-stack-example/api/todo-python-django/opta/opta-api-service.yaml",
                SpecInputs.none());

        K8sService svc = spec.service();
        assertThat(spec.environmentName()).isEqualTo("awsenv-root");
        assertThat(svc.moduleName()).isEqualTo("todoapi");
        assertThat(svc.env().vars()).containsExactly(new EnvVar("FORCE_SCRIPT_NAME", "/djangoapi"));
        assertThat(svc.env().links()).containsExactly(new Link("database", Map.of("db_user", "POSTGRES_USER",
                "db_host", "POSTGRES_HOST", "db_name", "POSTGRES_DB", "db_password", "POSTGRES_PASSWORD")));
        assertThat(svc.probes().liveness().path()).isEqualTo("ht/");
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri(null, "/djangoapi", "/djangoapi"));
        assertThat(spec.warnings()).extracting(SpecProblem::toString).contains(
                "full-stack-example/api/todo-python-django/opta/opta-api-service.yaml:12:23: modules[0].healthcheck_path: "
                        + "'ht/' does not start with '/': the probe requests it as written");
    }

    @Test
    void todoApiAtTheWorkspaceRootCannotReachItsEnvironment() {
        assertThatThrownBy(() -> reader.read(examples, "todo-api__auto-image__env-vars-list__link-renames.yaml",
                SpecInputs.none()))
                .hasMessage("todo-api__auto-image__env-vars-list__link-renames.yaml:4:11: environments[0].path: "
                        + "environment file: '../../../providers/aws.yaml' leads outside the workspace: only workspace "
                        + "files are read");
    }

    @Test
    void websocketLegacyTcpPortBecomesHttpWebsocket() throws Exception {
        copy("websocket__legacy-tcp-port__no-probes.yml", "websocket-service.yml");
        write("environment.yml", "name: awsenv-ci-root\norg_name: opta-ci\n");

        K8sService svc = reader.read(workspace, "websocket-service.yml", SpecInputs.none()).service();

        assertThat(svc.ports().list()).containsExactly(new Port("main", Port.Type.HTTP, Port.Protocol.WEBSOCKET, 8010, 80));
        assertThat(svc.probes().liveness()).isNull();
        assertThat(svc.routing().publicUris()).containsExactly(new PublicUri(null, "/websocket", "/websocket"));
    }

    private Path copy(String example, String as) throws IOException {
        return Files.copy(examples.resolve(example), workspace.resolve(as));
    }

    private Path write(String name, String text) throws IOException {
        Path file = workspace.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static String sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
