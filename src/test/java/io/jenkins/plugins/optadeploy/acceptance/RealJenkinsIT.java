package io.jenkins.plugins.optadeploy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import io.jenkins.plugins.optadeploy.testing.SimPod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plugin inside a real Jenkins, checked over HTTP as a user would: OPTA_JENKINS_WAR names a jenkins.war,
 * OPTA_JENKINS_PLUGINS a folder with the plugins it needs (opta-deploy's dependencies, plus workflow-job,
 * workflow-cps and workflow-durable-task-step for Pipeline). Without both the suite is skipped, in CI too: Jenkins and
 * its plugins are not on Maven Central. The cluster is the test kit's mock API server and rollout simulator, in this
 * JVM, which the Jenkins process reaches over 127.0.0.1. One Jenkins serves all checks, in order; it is restarted
 * twice (SIGTERM, then SIGKILL) during rollout waits.
 *
 * <p>OPTA_SCREENSHOTS, when set to a folder, makes headless Chromium take pictures of the forms and pages there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealJenkinsIT {
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(3);
    private static final List<String> BUILDER_FIELDS = List.of("file", "env", "vars", "credentialsId", "serverUrl",
            "context", "timeout", "rollback", "dryRun", "forceConflicts", "registry", "registryCredentialsId", "tag",
            "localImage", "imageArchive", "sourceImage", "insecureRegistry");

    private static Path temp;
    private static MockCluster cluster;
    private static RolloutSimulator simulator;
    private static KubernetesClient client;
    private static RealJenkins jenkins;
    private static Screenshots shots;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void startJenkins() throws Exception {
        String war = System.getenv("OPTA_JENKINS_WAR");
        String plugins = System.getenv("OPTA_JENKINS_PLUGINS");
        String reason = "real-Jenkins acceptance suite skipped: set OPTA_JENKINS_WAR to a jenkins.war (2.541.3) and "
                + "OPTA_JENKINS_PLUGINS to a folder with its plugins (README, 'What is not verified here')";
        if (war == null || plugins == null || !Files.isRegularFile(Path.of(war)) || !Files.isDirectory(Path.of(plugins))) {
            System.out.println(reason);
        }
        Assumptions.assumeTrue(war != null && plugins != null && Files.isRegularFile(Path.of(war))
                && Files.isDirectory(Path.of(plugins)), reason);
        Path hpi = Path.of(System.getProperty("opta.hpi", "target/opta-deploy.hpi"));
        assertThat(hpi).as("run `mvn package` first").exists();
        temp = Files.createTempDirectory("opta-real-jenkins");
        cluster = MockCluster.start();
        simulator = new RolloutSimulator(cluster);
        client = cluster.client();
        jenkins = RealJenkins.prepare(Path.of(war), Path.of(plugins), hpi, temp.resolve("home"));
        timings.add("first start: " + jenkins.start().toSeconds() + " s");
        shots = Screenshots.from(System.getenv("OPTA_SCREENSHOTS"), jenkins);
    }

    @AfterAll
    static void stopJenkins() throws Exception {
        if (jenkins != null) {
            jenkins.close();
            System.out.println("real Jenkins at " + jenkins.home() + "; " + String.join("; ", timings));
        }
        if (simulator != null) {
            simulator.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A SEVERE line, except the update site check: these machines have no internet. */
    private static boolean severe(String line) {
        return line.contains("SEVERE") && !(line.contains("doCheckUpdatesServer") && line.contains("UnknownHostException"));
    }

    private static String spec(String layer) {
        return """
                name: %s
                org_name: acme
                modules:
                  - type: k8s-service
                    name: app
                    image: nginx:1.27
                    port:
                      http: 8080
                    healthcheck_path: /healthz
                """.formatted(layer);
    }

    private static String workload(String layer) {
        return layer + "-app-k8s-service";
    }

    /** Pods of the workload stay scheduled, not ready, until {@code release} is set. */
    private static void readyWhen(String layer, AtomicBoolean release) {
        List<PodScript.Step> steps = new ArrayList<>();
        steps.add(PodScript.after(Duration.ZERO, SimPod::schedule));
        for (int i = 0; i < 1200; i++) { // 10 minutes of checks, twice a second
            steps.add(PodScript.after(Duration.ofMillis(500), pod -> {
                if (release.get() && !pod.ready()) {
                    pod.runReady();
                }
            }));
        }
        simulator.script(workload(layer), PodScript.of(steps.toArray(PodScript.Step[]::new)));
    }

    private static String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                users:
                - name: ci
                  user:
                    token: acceptance-token-4711
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: ci
                    namespace: default
                current-context: mock
                """.formatted(cluster.url());
    }

    private static String freestyleJob(String builderBody) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <keepDependencies>false</keepDependencies>
                  <canRoam>true</canRoam>
                  <disabled>false</disabled>
                  <builders>
                    <io.jenkins.plugins.optadeploy.jenkins.OptaDeployBuilder plugin="opta-deploy">
                %s
                    </io.jenkins.plugins.optadeploy.jenkins.OptaDeployBuilder>
                  </builders>
                  <publishers/>
                  <buildWrappers/>
                </project>
                """.formatted(builderBody);
    }

    private static String pipelineJob(String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <keepDependencies>false</keepDependencies>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                  <disabled>false</disabled>
                </flow-definition>
                """.formatted(script.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    /** A Pipeline that writes the spec with sh (no basic-steps plugin needed) and prints the outputs unquoted. */
    private static String deployPipeline(String layer, String extraArguments) {
        return """
                node {
                  sh '''cat > opta.yaml <<'EOF'
                %sEOF'''
                  def out = optaDeploy file: 'opta.yaml', credentialsId: 'kc'%s
                  sh "echo outputs: revision=${out.revision} workload=${out.workload} namespace=${out.namespace}"
                }
                """.formatted(spec(layer), extraArguments);
    }

    private static void writeWorkspaceSpec(String job, String layer) throws IOException {
        Path ws = Files.createDirectories(jenkins.home().resolve("workspace").resolve(job));
        Files.writeString(ws.resolve("opta.yaml"), spec(layer));
    }

    @Test
    @Order(1)
    void startsWithThePluginLoadedAndNoErrorInTheLog() throws Exception {
        JsonNode plugins = jenkins.json("pluginManager/api/json?depth=1&tree=plugins[shortName,active,enabled,hasDependants]");
        List<String> active = new ArrayList<>();
        plugins.get("plugins").forEach(p -> {
            if (p.get("active").asBoolean()) {
                active.add(p.get("shortName").asText());
            }
        });
        assertThat(active).contains("opta-deploy", "workflow-step-api", "credentials", "kubernetes-client-api",
                "workflow-cps", "workflow-job");
        String log = jenkins.currentLog();
        assertThat(log.lines().filter(l -> severe(l) || l.contains("might be dangerous")
                || l.contains("Failed Loading plugin") || l.contains("BytecodeReadingParanamer")))
                .as("errors in the log at start").isEmpty();
        assertThat(log).contains("Jenkins is fully up and running");
    }

    @Test
    @Order(2)
    void aSecretFileKubeconfigCredentialIsCreatedAndListedInTheForms() throws Exception {
        String xml = """
                <org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl>
                  <scope>GLOBAL</scope>
                  <id>kc</id>
                  <description>mock cluster kubeconfig</description>
                  <fileName>kubeconfig</fileName>
                  <secretBytes>%s</secretBytes>
                </org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl>
                """.formatted(Base64.getEncoder().encodeToString(kubeconfig().getBytes(StandardCharsets.UTF_8)));
        jenkins.postOk("credentials/store/system/domain/_/createCredentials", "application/xml", xml);
        assertThat(jenkins.json("credentials/store/system/domain/_/credential/kc/api/json").get("id").asText())
                .isEqualTo("kc");
        jenkins.createJob("form", freestyleJob("<file>opta.yaml</file>"));
        String fill = jenkins.postForm("job/form/descriptorByName/io.jenkins.plugins.optadeploy.jenkins.OptaDeployBuilder/"
                + "fillCredentialsIdItems", "credentialsId", "").body();
        assertThat(fill).as("the system credential in the builder's drop-down").contains("\"kc\"");
        String global = jenkins.postForm("descriptorByName/io.jenkins.plugins.optadeploy.jenkins.OptaDeployGlobalConfiguration/"
                + "fillDefaultCredentialsIdItems", "defaultCredentialsId", "").body();
        assertThat(global).as("and in the global configuration's").contains("\"kc\"");
        String check = jenkins.postForm("job/form/descriptorByName/io.jenkins.plugins.optadeploy.jenkins.OptaDeployBuilder/"
                + "checkCredentialsId", "value", "kc", "serverUrl", "").body();
        assertThat(check).doesNotContain("No usable credentials");
    }

    @Test
    @Order(3)
    void theFreestyleFormShowsEveryFieldAndItsConfigurationRoundTrips() throws Exception {
        String form = jenkins.getOk("job/form/configure");
        for (String field : BUILDER_FIELDS) {
            assertThat(form).as("field " + field).contains("name=\"_." + field + "\"");
        }
        assertThat(form).contains("Variables").contains("Rollout timeout in seconds")
                .doesNotContain("Unable to create expression");
        shots.take("freestyle-form", "job/form/configure");

        String full = """
                      <file>deploy/opta.yaml</file>
                      <env>staging</env>
                      <vars>tier=prod
                replicas=2
                </vars>
                      <credentialsId>kc</credentialsId>
                      <context>mock</context>
                      <timeout>120</timeout>
                      <rollback>false</rollback>
                      <dryRun>true</dryRun>
                      <forceConflicts>true</forceConflicts>
                      <registry>registry.example.com:5000</registry>
                      <tag>v1</tag>
                      <insecureRegistry>false</insecureRegistry>""";
        jenkins.postOk("job/form/config.xml", "application/xml", freestyleJob(full));
        String back = jenkins.getOk("job/form/config.xml");
        for (String element : List.of("<file>deploy/opta.yaml</file>", "<env>staging</env>", "<credentialsId>kc</credentialsId>",
                "<context>mock</context>", "<timeout>120</timeout>", "<rollback>false</rollback>", "<dryRun>true</dryRun>",
                "<forceConflicts>true</forceConflicts>", "<registry>registry.example.com:5000</registry>", "<tag>v1</tag>")) {
            assertThat(back).contains(element);
        }
        assertThat(back).contains("replicas=2");
        String reread = jenkins.getOk("job/form/configure");
        assertThat(reread).contains("deploy/opta.yaml").contains("registry.example.com:5000");
    }

    @Test
    @Order(4)
    void theSnippetGeneratorOffersOptaDeploy() throws Exception {
        jenkins.createJob("snippets", pipelineJob("node { }"));
        String page = jenkins.getOk("job/snippets/pipeline-syntax/");
        assertThat(page).contains("optaDeploy");
        String json = """
                {"stapler-class": "io.jenkins.plugins.optadeploy.jenkins.OptaDeployStep",
                 "$class": "io.jenkins.plugins.optadeploy.jenkins.OptaDeployStep",
                 "file": "opta.yaml", "env": "", "credentialsId": "kc", "serverUrl": "", "context": "", "timeout": "90",
                 "rollback": true, "dryRun": false, "forceConflicts": false, "registry": "", "registryCredentialsId": "",
                 "tag": "", "localImage": "app:1", "imageArchive": "", "sourceImage": "", "insecureRegistry": false}""";
        String snippet = jenkins.postForm("job/snippets/pipeline-syntax/generateSnippet", "json", json).body();
        assertThat(snippet).contains("optaDeploy").contains("credentialsId: 'kc'").contains("localImage: 'app:1'")
                .contains("timeout: 90");
        shots.take("snippet-generator", "job/snippets/pipeline-syntax/");
        String global = jenkins.getOk("manage/configure");
        assertThat(global).contains("Opta Deploy").contains("Default Kubernetes credentials")
                .contains("Default rollout timeout in seconds");
        shots.take("global-configuration", "manage/configure", 5000);
    }

    @Test
    @Order(5)
    void aFreestyleDeploySucceedsWithBadgeSummaryPageAndBuildRecord() throws Exception {
        String layer = "fs";
        simulator.script(workload(layer), PodScript.readyAfter(Duration.ofMillis(500)));
        jenkins.createJob("fs", freestyleJob("<file>opta.yaml</file><credentialsId>kc</credentialsId>"));
        writeWorkspaceSpec("fs", layer);
        int n = jenkins.build("fs");
        String result = jenkins.awaitResult("fs", n, BUILD_DEADLINE);
        String console = jenkins.console("fs", n);
        assertThat(result).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("[optaDeploy] Deployed fs/app in namespace fs")
                .contains("rolled out to revision 1: 1 new pod ready");
        assertDeployRecorded("fs", n, "succeeded", "deploy-succeeded.svg");
        Deployment d = client.apps().deployments().inNamespace(layer).withName(workload(layer)).get();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        shots.take("freestyle-build", "job/fs/" + n + "/");
        shots.take("deploy-page-succeeded", "job/fs/" + n + "/opta-deploy-1/");
    }

    private static void assertDeployRecorded(String job, int n, String outcome, String icon) throws Exception {
        String build = jenkins.getOk("job/" + job + "/" + n + "/");
        assertThat(build).as("summary box").contains("opta-deploy-1").contains(outcome);
        assertThat(build).as("summary icon").contains(icon);
        String history = jenkins.getOk("job/" + job + "/") + jenkins.get("job/" + job + "/buildHistory/ajax").body();
        assertThat(history).as("the badge in the build history").contains("opta-deploy-badge").contains(icon);
        String page = jenkins.getOk("job/" + job + "/" + n + "/opta-deploy-1/");
        assertThat(page).contains(outcome).contains("Stage timings").contains("Rendered manifests");
        Path dir = jenkins.home().resolve("jobs").resolve(job).resolve("builds").resolve(String.valueOf(n));
        assertThat(Files.readString(dir.resolve("build.xml"))).as("build.xml holds the deploy")
                .contains("io.jenkins.plugins.optadeploy.jenkins.DeployAction")
                .contains("io.jenkins.plugins.optadeploy.jenkins.DeployBadgeAction");
        assertThat(dir.resolve("opta-deploy/opta-deploy-1.json")).exists();
        assertThat(jenkins.currentLog()).as("nothing refused to be saved").doesNotContain("Refusing to marshal")
                .doesNotContain("might be dangerous");
    }

    @Test
    @Order(6)
    void aPipelineDeploySucceedsAndReturnsPlainOutputs() throws Exception {
        String layer = "pl";
        simulator.script(workload(layer), PodScript.readyAfter(Duration.ofMillis(500)));
        jenkins.createJob("pl", pipelineJob(deployPipeline(layer, ", vars: [replicas: 3, canary: true]")));
        int n = jenkins.build("pl");
        String result = jenkins.awaitResult("pl", n, BUILD_DEADLINE);
        String console = jenkins.console("pl", n);
        assertThat(result).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("outputs: revision=1 workload=" + workload(layer) + " namespace=pl");
        assertDeployRecorded("pl", n, "succeeded", "deploy-succeeded.svg");
        shots.take("pipeline-build", "job/pl/" + n + "/");
    }

    @Test
    @Order(7)
    void aCrashLoopFailsTheBuildWithItsReasonAndRollsBack() throws Exception {
        String layer = "crash";
        simulator.script(workload(layer), PodScript.crashLoop(3, List.of("booting", "FATAL: DATABASE_URL is not set"), 4,
                Duration.ofMillis(300)));
        jenkins.createJob("crash", pipelineJob(deployPipeline(layer, "")));
        int n = jenkins.build("crash");
        String result = jenkins.awaitResult("crash", n, BUILD_DEADLINE);
        String console = jenkins.console("crash", n);
        assertThat(result).as(console).isEqualTo("FAILURE");
        assertThat(console).contains("CrashLoopBackOff").contains("rolled back");
        assertDeployRecorded("crash", n, "failed, rolled back", "deploy-failed.svg");
        String page = jenkins.getOk("job/crash/" + n + "/opta-deploy-1/");
        assertThat(page).contains("Why the rollout failed").contains("FATAL: DATABASE_URL is not set");
        assertThat(page.substring(page.indexOf("Why the rollout failed"))).as("one diagnostic per line")
                .containsPattern("[^\\n]\\n[^\\n<]");
        assertThat(client.apps().deployments().inNamespace(layer).withName(workload(layer)).get())
                .as("the first install is removed").isNull();
        shots.take("deploy-page-failed", "job/crash/" + n + "/opta-deploy-1/");
    }

    @Test
    @Order(8)
    void aCleanRestartDuringTheRolloutWaitResumesAndSucceeds() throws Exception {
        restartDuringRollout("term", false);
    }

    @Test
    @Order(9)
    void aHardKillDuringTheRolloutWaitResumesFromTheSavedProgram() throws Exception {
        restartDuringRollout("kill", true);
    }

    private static void restartDuringRollout(String layer, boolean hard) throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        readyWhen(layer, release);
        jenkins.createJob(layer, pipelineJob(deployPipeline(layer, ", timeout: 600")));
        int n = jenkins.build(layer);
        jenkins.awaitConsole(layer, n, "to roll out (until", BUILD_DEADLINE);
        Thread.sleep(2000); // the wait is saved by now; a real restart comes at any moment
        Instant down = Instant.now();
        if (hard) {
            jenkins.kill();
        } else {
            jenkins.stop();
        }
        Duration up = jenkins.start();
        timings.add((hard ? "SIGKILL" : "SIGTERM") + " restart: down " + Duration.between(down, Instant.now()).toSeconds()
                + " s (start " + up.toSeconds() + " s)");
        jenkins.awaitConsole(layer, n, "Jenkins restarted: watching the rollout of " + layer + "/app again", BUILD_DEADLINE);
        release.set(true);
        String result = jenkins.awaitResult(layer, n, BUILD_DEADLINE);
        String console = jenkins.console(layer, n);
        assertThat(result).as(console).isEqualTo("SUCCESS");
        assertThat(console).contains("outputs: revision=1 workload=" + workload(layer));
        assertDeployRecorded(layer, n, "succeeded", "deploy-succeeded.svg");
        assertThat(jenkins.currentLog().lines().filter(RealJenkinsIT::severe)).as("errors after the restart").isEmpty();
    }

    @Test
    @Order(10)
    void anAbortDuringTheRolloutRollsBack() throws Exception {
        String layer = "abort";
        simulator.script(workload(layer), PodScript.stuckCreating());
        jenkins.createJob(layer, pipelineJob(deployPipeline(layer, ", timeout: 600")));
        int n = jenkins.build(layer);
        jenkins.awaitConsole(layer, n, "to roll out (until", BUILD_DEADLINE);
        shots.take("deploy-page-in-progress", "job/" + layer + "/" + n + "/opta-deploy-1/");
        jenkins.postOk("job/" + layer + "/" + n + "/stop", null, "");
        String result = jenkins.awaitResult(layer, n, BUILD_DEADLINE);
        String console = jenkins.console(layer, n);
        assertThat(result).as(console).isEqualTo("ABORTED");
        assertThat(console).contains("rolling back");
        assertDeployRecorded(layer, n, "failed, rolled back", "deploy-failed.svg");
        assertThat(client.apps().deployments().inNamespace(layer).withName(workload(layer)).get())
                .as("the aborted first install is removed").isNull();
    }

}
