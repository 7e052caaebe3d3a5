package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.testing.KubeletSimulator;
import io.jenkins.plugins.optadeploy.testing.Kubectl;
import io.jenkins.plugins.optadeploy.testing.LocalPlatform;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy} end to end against a real kube-apiserver, kube-controller-manager and etcd ({@link RealControlPlane}):
 * real server-side apply and field ownership, validation, the Deployment and ReplicaSet controllers, the garbage
 * collector and RBAC. Only the kubelet is simulated. Each test deploys its own service to its own namespace.
 */
class RealClusterDeployTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final RealControlPlane plane = RealControlPlane.shared();
    private final KubernetesClient admin = plane.admin();
    private final DeployEngine engine = new DeployEngine(new ClusterConnector(), LocalPlatform.FAST_ROLLOUT);

    @TempDir
    Path workspace;

    private String layer;
    private String workload;
    private KubeletSimulator kubelet;

    @BeforeEach
    void name(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        layer = "rc-" + method.replaceAll("([A-Z])", "-$1").toLowerCase().replaceAll("[^a-z0-9-]", "");
        layer = layer.substring(0, Math.min(layer.length(), 40)).replaceAll("-+$", "");
        workload = layer + "-web-k8s-service";
        kubelet = new KubeletSimulator(plane, layer);
        kubelet.defaultScript(PodScript.readyAfter(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        kubelet.close();
    }

    @Test
    void firstInstallUpdateAndPruneWithRealFieldOwnership() throws Exception {
        spec("registry.example.test/web:1", "public_uri: \"web.example.test/\"");

        var first = deploy();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("namespace: " + layer, "revision: 1\n");
        Deployment deployment = deployment();
        assertThat(deployment.getSpec().getReplicas()).as("not rendered (the HPA owns it): the server's default")
                .isEqualTo(1);
        // the gate may decide on the Ready pods before the controllers have written the Deployment's status
        assertThat(admin.apps().deployments().inNamespace(layer).withName(workload).waitUntilCondition(d ->
                d.getStatus() != null && Objects.equals(d.getStatus().getAvailableReplicas(), 1), 60,
                TimeUnit.SECONDS).getStatus().getAvailableReplicas()).isEqualTo(1);
        assertThat(deployment.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager,
                ManagedFieldsEntry::getOperation).contains(org.assertj.core.groups.Tuple.tuple("opta-deploy", "Apply"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getTerminationMessagePath())
                .as("the server's defaults are there").isEqualTo("/dev/termination-log");
        assertThat(admin.network().v1().ingresses().inNamespace(layer).list().getItems()).hasSize(1);

        spec("registry.example.test/web:2", "");
        var second = deploy();

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("revision: 2\n");
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.test/web:2");
        assertThat(admin.apps().replicaSets().inNamespace(layer).list().getItems())
                .as("the real Deployment controller made a second ReplicaSet and scaled the first down")
                .hasSize(2).anySatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        assertThat(admin.network().v1().ingresses().inNamespace(layer).list().getItems()).as("pruned").isEmpty();
        assertThat(second.err()).contains("Ingress");
    }

    @Test
    void aFieldAnotherApplierSetIsAConflictUntilForced() throws Exception {
        spec("registry.example.test/web:1", "");
        assertThat(deploy().exitCode()).isZero();
        String container = container();
        var hotfix = kubectl().run(Duration.ofSeconds(60), "apply", "--server-side", "--force-conflicts",
                "--field-manager=hotfix", "-f",
                write("hotfix.yaml", deploymentYaml(container, "registry.example.test/web:hotfix", null)).toString());
        assertThat(hotfix.exitCode()).as(hotfix.output()).isZero();

        spec("registry.example.test/web:2", "");
        var refused = deploy();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(refused.err()).contains("Deployment/" + workload, "has fields managed by someone else",
                "containers[name=\"" + container + "\"].image", "hotfix", "forceConflicts").doesNotContain("\tat ");
        assertThat(image()).isEqualTo("registry.example.test/web:hotfix");

        var forced = deploy("--force-conflicts");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(image()).isEqualTo("registry.example.test/web:2");
        assertThat(deployment().getMetadata().getManagedFields()).filteredOn(f -> "hotfix".equals(f.getManager()))
                .allSatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties().toString())
                        .as("the image moved to opta-deploy").doesNotContain("f:image"));
    }

    @Test
    void aFieldAPlainUpdateSetIsAConflictToo() throws Exception {
        spec("registry.example.test/web:1", "");
        assertThat(deploy().exitCode()).isZero();
        Deployment edited = deployment();
        edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example.test/web:manual");
        Config config = Config.fromKubeconfig(plane.kubeconfig());
        config.setUserAgent("manual-edit/1.0");
        try (KubernetesClient editor = new KubernetesClientBuilder().withConfig(config).build()) {
            editor.apps().deployments().inNamespace(layer).resource(edited).update();
        }
        assertThat(deployment().getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager,
                ManagedFieldsEntry::getOperation).contains(org.assertj.core.groups.Tuple.tuple("manual-edit", "Update"));

        spec("registry.example.test/web:2", "");
        var refused = deploy();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(refused.err()).contains("has fields managed by someone else", "manual-edit", ".image");
        assertThat(deploy("--force-conflicts").exitCode()).isZero();
        assertThat(image()).isEqualTo("registry.example.test/web:2");
    }

    @Test
    void containersAreMergedByName() throws Exception {
        spec("registry.example.test/web:1", "");
        assertThat(deploy().exitCode()).isZero();
        var sidecar = kubectl().run(Duration.ofSeconds(60), "apply", "--server-side", "--field-manager=mesh", "-f",
                write("sidecar.yaml", deploymentYaml("proxy", "registry.example.test/proxy:1", null)).toString());
        assertThat(sidecar.exitCode()).as(sidecar.output()).isZero();

        spec("registry.example.test/web:2", "");
        var second = deploy();

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactlyInAnyOrder(container() + "=registry.example.test/web:2", "proxy=registry.example.test/proxy:1");
    }

    @Test
    void aChangedSelectorIsRefusedWithItsWayOut() throws Exception {
        // an earlier opta-deploy (same field manager) that selected its pods by other labels
        applyOldSelectorDeploymentAs("opta-deploy");
        spec("registry.example.test/web:1", "");

        var refused = deploy();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(refused.err()).contains("Deployment/" + workload, "spec.selector", "immutable",
                "kubectl delete deployment " + workload + " -n " + layer).doesNotContain("\tat ");
        deleteDeploymentAndWait();

        var again = deploy();

        assertThat(again.exitCode()).as("the way out works: " + again).isZero();
    }

    @Test
    void aDeploymentSomeoneElseMadeWithAnotherSelectorIsNotWorthForcing() throws Exception {
        applyOldSelectorDeploymentAs("someone");
        spec("registry.example.test/web:1", "");

        var refused = deploy("--force-conflicts");
        var unforced = deploy();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(refused.err()).as("forced, the real server refuses the selector as immutable")
                .contains("spec.selector", "immutable", "kubectl delete deployment " + workload);
        assertThat(unforced.exitCode()).as(unforced.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(unforced.err()).contains(".spec.selector", "someone", "forceConflicts cannot help",
                "kubectl delete deployment " + workload + " -n " + layer);
    }

    @Test
    void aFailedUpdateRollsBackToThePreviousTemplate() throws Exception {
        kubelet.script(workload, i -> i == 0 ? PodScript.readyAfter(Duration.ofMillis(100))
                : PodScript.crashLoop(1, List.of("FATAL: no config"), 4, Duration.ofMillis(200)));
        spec("registry.example.test/web:1", "");
        assertThat(deploy().exitCode()).isZero();
        String firstReplicaSet = newestReplicaSet();

        spec("registry.example.test/web:2", "");
        var failed = deploy();

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.ROLLOUT_FAILED);
        assertThat(failed.err()).contains("CrashLoopBackOff", "rolled back").doesNotContain("\tat ");
        assertThat(image()).isEqualTo("registry.example.test/web:1");
        Deployment back = admin.apps().deployments().inNamespace(layer).withName(workload).waitUntilCondition(d ->
                d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(),
                        d.getMetadata().getGeneration()) && Objects.equals(d.getStatus().getUpdatedReplicas(), 1)
                        && Objects.equals(d.getStatus().getAvailableReplicas(), 1), 60, TimeUnit.SECONDS);
        assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(newestReplicaSet()).as("the real controller went back to the first ReplicaSet")
                .isEqualTo(firstReplicaSet);
    }

    @Test
    void aFailedFirstInstallIsRemovedAndTheGarbageCollectorTakesItsChildren() throws Exception {
        kubelet.script(workload, PodScript.crashLoop(1, List.of("FATAL: no config"), 4, Duration.ofMillis(200)));
        spec("registry.example.test/web:1", "");

        var failed = deploy();

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.ROLLOUT_FAILED);
        assertThat(failed.err()).contains("rolled back");
        assertThat(deployment()).isNull();
        admin.apps().replicaSets().inNamespace(layer).waitUntilCondition(rs -> rs == null, 60, TimeUnit.SECONDS);
        admin.pods().inNamespace(layer).waitUntilCondition(pod -> pod == null, 60, TimeUnit.SECONDS);
        assertThat(admin.apps().replicaSets().inNamespace(layer).list().getItems()).isEmpty();
        assertThat(admin.pods().inNamespace(layer).list().getItems()).isEmpty();
    }

    @Test
    void aDryRunDiffsAgainstTheServersOwnDryRunAndChangesNothing() throws Exception {
        spec("registry.example.test/web:1", "");
        assertThat(deploy().exitCode()).isZero();
        Deployment before = deployment();
        spec("registry.example.test/web:2", "");

        var dryRun = deploy("--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("Deployment/" + workload, "-", "registry.example.test/web:1",
                "+", "registry.example.test/web:2").doesNotContain("terminationMessagePath", "resourceVersion",
                "managedFields");
        assertThat(deployment().getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        assertThat(image()).isEqualTo("registry.example.test/web:1");
    }

    @Test
    void aNamespaceScopedTokenDeploysIntoItsNamespaceButCannotCreateOne() throws Exception {
        List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules = List.of(new PolicyRuleBuilder()
                .withApiGroups("", "apps", "autoscaling", "networking.k8s.io", "policy", "batch",
                        "coordination.k8s.io").withResources("*").withVerbs("*").build());
        Path scoped = write("scoped.kubeconfig", plane.restrictedKubeconfig("deployer", layer, rules));
        spec("registry.example.test/web:1", "");

        var deployed = deploy(scoped);

        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();

        String other = layer.substring(0, Math.min(layer.length(), 30)) + "-other";
        Files.writeString(workspace.resolve("opta.yaml"), Files.readString(workspace.resolve("opta.yaml"))
                .replace("name: " + layer + "\n", "name: " + other + "\n"));
        var refused = deploy(scoped);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.APPLY_FAILED);
        assertThat(refused.err()).contains("Not allowed to", other, "403", "RBAC", "leases",
                "a namespace-scoped credential cannot").doesNotContain("\tat ", "internal error");
    }

    @Test
    void aTokenWithoutWatchFailsTheGateWithAClearMessage() throws Exception {
        Path noWatch = write("nowatch.kubeconfig", plane.restrictedKubeconfig("no-watch", layer, List.of(
                new PolicyRuleBuilder().withApiGroups("", "apps", "autoscaling", "networking.k8s.io", "policy",
                        "batch", "coordination.k8s.io").withResources("*")
                        .withVerbs("get", "list", "create", "update", "patch", "delete").build())));
        spec("registry.example.test/web:1", "");

        var result = deploy(noWatch);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.ROLLOUT_FAILED);
        assertThat(result.err()).contains("Cannot watch Deployment " + layer + "/" + workload, "Forbidden (HTTP 403)",
                "get, list and watch on deployments", "rolled back").doesNotContain("\tat ");
        assertThat(deployment()).as("rolled back").isNull();
    }

    private void spec(String image, String extra) throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), """
                name: %s
                modules:
                  - type: k8s-service
                    name: web
                    image: %s
                    port:
                      http: 8080
                    healthcheck_path: /healthz
                    min_containers: 2
                    max_containers: 3
                    %s
                """.formatted(layer, image, extra));
    }

    private Deployment deployment() {
        return admin.apps().deployments().inNamespace(layer).withName(workload).get();
    }

    private String container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    }

    private String image() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private String newestReplicaSet() {
        return admin.apps().replicaSets().inNamespace(layer).list().getItems().stream()
                .filter(rs -> rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() > 0)
                .map(rs -> rs.getMetadata().getName()).findFirst().orElse(null);
    }

    /** The namespace and a Deployment of the workload's name selecting {@code app: old}, by {@code manager}. */
    private void applyOldSelectorDeploymentAs(String manager) throws Exception {
        var applied = kubectl().run(Duration.ofSeconds(60), "apply", "--server-side", "--field-manager=" + manager,
                "-f", write("old-selector.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + layer
                        + "\n" + deploymentYaml("old", "registry.example.test/old:1", "old")).toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
    }

    private void deleteDeploymentAndWait() {
        admin.apps().deployments().inNamespace(layer).withName(workload).delete();
        admin.apps().deployments().inNamespace(layer).withName(workload).waitUntilCondition(d -> d == null, 60,
                TimeUnit.SECONDS);
    }

    /**
     * The workload's Deployment with just one container, as another applier sends it; its pods selected by
     * {@code app: <app>} unless {@code app} is null.
     */
    private String deploymentYaml(String container, String image, String app) {
        DeploymentBuilder deployment = new DeploymentBuilder().withNewMetadata().withName(workload).withNamespace(layer)
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName(container)
                .withImage(image).endContainer().endSpec().endTemplate().endSpec();
        if (app != null) {
            deployment.editSpec().withNewSelector().addToMatchLabels("app", app).endSelector().editTemplate()
                    .withNewMetadata().addToLabels("app", app).endMetadata().endTemplate().endSpec();
        }
        return YAML.asYaml(deployment.build());
    }

    private Kubectl kubectl() {
        Path executable = Kubectl.find().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(executable != null, "kubectl is not on PATH");
        return new Kubectl(executable, plane.kubeconfigFile(), workspace.resolve(".kube-cache"));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(workspace.resolve(name), text);
    }

    private CliRun.Result deploy(Path kubeconfig, String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--kubeconfig", kubeconfig.toString(), "--timeout", "60s"));
        args.addAll(List.of(extra));
        return new CliRun().in(workspace).engine(engine).run(args.toArray(String[]::new));
    }

    private CliRun.Result deploy(String... extra) {
        return deploy(plane.kubeconfigFile(), extra);
    }
}
