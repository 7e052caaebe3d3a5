package io.jenkins.plugins.optadeploy.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.optadeploy.apply.Applier;
import io.jenkins.plugins.optadeploy.apply.ApplyListener;
import io.jenkins.plugins.optadeploy.apply.ApplyRequest;
import io.jenkins.plugins.optadeploy.apply.ClusterConnector;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.manifests.Labels;
import io.jenkins.plugins.optadeploy.manifests.ManifestRenderer;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.manifests.RenderContext;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import io.jenkins.plugins.optadeploy.testing.Kubectl;
import io.jenkins.plugins.optadeploy.testing.KubectlCompatibleCluster;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Apply time of one typical rendered service (examples/orders-auto: namespace, service account, service, deployment,
 * HPA, ingress, cron job) against the apply-emulating mock API server, this engine's {@link Applier} versus
 * {@code kubectl apply --server-side --validate=false -f} of the same YAML. Both talk to the same server through the same
 * kubectl-compatible front, each run into a fresh namespace (first install), then once more unchanged (re-apply).
 *
 * <p>Not the same work, and said so in the output: the engine also reads every object before applying (the rollback
 * snapshot) and lists owned objects to prune, which kubectl does not; kubectl's time includes starting its process,
 * which a Jenkins step or a warm JVM does not pay per deploy.
 */
public final class ApplyBench {
    private static final Duration KUBECTL_LIMIT = Duration.ofSeconds(60);
    /** The mock logs every request at INFO on the console, which would dominate both timings; held so it stays set. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private ApplyBench() {}

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(Level.WARNING);
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmups = 2;
        Path work = Files.createTempDirectory("apply-bench");
        List<HasMetadata> typical = typicalService();
        Medians engineFirst = new Medians("opta-deploy apply (first install)");
        Medians kubectlFirst = new Medians("kubectl apply --server-side (first install)");
        Medians engineAgain = new Medians("opta-deploy apply (unchanged re-apply)");
        Medians kubectlAgain = new Medians("kubectl apply --server-side (re-apply)");
        Medians kubectlStartup = new Medians("kubectl version --client (process start)");
        int engineRequests = 0;
        int kubectlRequests = 0;
        try (MockCluster mock = MockCluster.start();
                KubectlCompatibleCluster front = KubectlCompatibleCluster.inFrontOf(URI.create(mock.url()))) {
            Path kubeconfig = front.writeKubeconfig(work);
            Kubectl kubectl = new Kubectl(Kubectl.find().orElseThrow(() -> new IllegalStateException(
                    "kubectl is not on PATH: bench/apply compares against it")), kubeconfig, work.resolve("kubectl-cache"));
            try (KubernetesClient client = new ClusterConnector().connect(
                    new ClusterCredentials.Kubeconfig(Files.readString(kubeconfig), null), Duration.ofSeconds(30))) {
                Applier applier = new Applier(client, ApplyListener.SILENT);
                for (int run = -warmups; run < runs; run++) {
                    String engineNamespace = "engine-" + (run + warmups);
                    ApplyRequest request = request(engineNamespace, typical);
                    int before = mock.requests().size();
                    long start = System.nanoTime();
                    applier.apply(request);
                    double first = millisSince(start);
                    engineRequests = mock.requests().size() - before;
                    start = System.nanoTime();
                    applier.apply(request);
                    double again = millisSince(start);

                    Path yaml = work.resolve("kubectl-" + (run + warmups) + ".yaml");
                    Files.writeString(yaml, yaml(inNamespace("kubectl-" + (run + warmups), typical)));
                    before = mock.requests().size();
                    Kubectl.Result firstKubectl = check(kubectl.run(KUBECTL_LIMIT, "apply", "--server-side",
                            "--validate=false", "-f", yaml.toString()));
                    kubectlRequests = mock.requests().size() - before;
                    Kubectl.Result againKubectl = check(kubectl.run(KUBECTL_LIMIT, "apply", "--server-side",
                            "--validate=false", "-f", yaml.toString()));
                    Kubectl.Result version = check(kubectl.run(KUBECTL_LIMIT, "version", "--client"));
                    if (run >= 0) {
                        engineFirst.add(first);
                        engineAgain.add(again);
                        kubectlFirst.add(firstKubectl.millis());
                        kubectlAgain.add(againKubectl.millis());
                        kubectlStartup.add(version.millis());
                    }
                }
            }
        }
        System.out.println("apply of " + typical.size() + " objects (examples/orders-auto), " + runs + " runs after "
                + warmups + " warm-ups, same mock API server and front for both");
        System.out.println(engineFirst.summary());
        System.out.println(kubectlFirst.summary());
        System.out.println(engineAgain.summary());
        System.out.println(kubectlAgain.summary());
        System.out.println(kubectlStartup.summary());
        System.out.println(Medians.ratio("ratio first install", engineFirst, kubectlFirst));
        System.out.println(Medians.ratio("ratio re-apply", engineAgain, kubectlAgain));
        System.out.println("API requests of a first install: opta-deploy " + engineRequests + ", kubectl " + kubectlRequests
                + " (kubectl's discovery is answered by the front and cached)");
        System.out.println("note: opta-deploy also reads each object (rollback snapshot) and lists owned objects (prune);"
                + " kubectl's time includes its process start");
        System.out.println(Medians.figure("apply_ms", engineFirst.median(), "ms"));
        System.out.println(Medians.figure("kubectl_apply_ms", kubectlFirst.median(), "ms"));
    }

    /** examples/orders-auto rendered with a pinned digest, as a deploy applies it. */
    static List<HasMetadata> typicalService() throws Exception {
        ServiceSpec spec = new SpecReader().read(Path.of("").toAbsolutePath(), "examples/orders-auto/opta.yaml",
                SpecInputs.none());
        String digest = "sha256:" + "ab".repeat(32);
        String repository = "localhost:5000/orders/api";
        Manifests manifests = new ManifestRenderer().render(spec,
                new RenderContext(repository + "@" + digest, digest, repository, null, "bench", "opta-deploy-bench"));
        return manifests.objects();
    }

    private static ApplyRequest request(String namespace, List<HasMetadata> objects) {
        List<HasMetadata> copies = inNamespace(namespace, objects);
        String owner = copies.get(1).getMetadata().getLabels().get(Labels.OWNER);
        return new ApplyRequest(namespace, copies, Labels.OWNER, owner, false, false);
    }

    /** Deep copies moved to {@code namespace} (the Namespace object renamed), so every run is a first install. */
    static List<HasMetadata> inNamespace(String namespace, List<HasMetadata> objects) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        return objects.stream().map(object -> {
            HasMetadata copy = serialization.clone(object);
            if (copy instanceof Namespace) {
                copy.getMetadata().setName(namespace);
            } else {
                copy.getMetadata().setNamespace(namespace);
            }
            return copy;
        }).toList();
    }

    private static String yaml(List<HasMetadata> objects) {
        String namespace = objects.get(0).getMetadata().getName();
        return new Manifests(namespace, objects, "bench").toYaml();
    }

    private static Kubectl.Result check(Kubectl.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl failed (exit " + result.exitCode() + "): " + result.output());
        }
        return result;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
