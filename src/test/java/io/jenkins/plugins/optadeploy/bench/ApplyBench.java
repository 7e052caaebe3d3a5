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
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apply time of one typical rendered service (examples/orders-auto: namespace, service account, service, deployment,
 * HPA, ingress, cron job) against a real kube-apiserver ({@link RealControlPlane}: etcd, API server, controller
 * manager), this engine's {@link Applier} versus {@code kubectl apply --server-side -f} of the same YAML: each run
 * into a fresh namespace (first install), then once more unchanged (re-apply), the two tools taking turns to go first.
 *
 * <p>Not the same work, and said so in the output: the engine also reads every object before applying (the rollback
 * snapshot) and lists owned objects to prune, which kubectl does not; kubectl's time includes starting its process,
 * which a Jenkins step or a warm JVM does not pay per deploy.
 */
public final class ApplyBench {
    private static final Duration KUBECTL_LIMIT = Duration.ofSeconds(60);

    private ApplyBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int warmups = 3;
        Path work = Files.createTempDirectory("apply-bench");
        List<HasMetadata> typical = typicalService();
        Medians engineFirst = new Medians("opta-deploy apply (first install)");
        Medians kubectlFirst = new Medians("kubectl apply --server-side (first install)");
        Medians engineAgain = new Medians("opta-deploy apply (unchanged re-apply)");
        Medians kubectlAgain = new Medians("kubectl apply --server-side (re-apply)");
        Medians kubectlStartup = new Medians("kubectl version --client (process start)");
        Medians engineReads = new Medians("  of which reads and namespace create");
        try (RealControlPlane plane = RealServer.start()) {
            Kubectl kubectl = new Kubectl(Kubectl.find().orElseThrow(() -> new IllegalStateException(
                    "kubectl is not on PATH: bench/apply compares against it")), plane.kubeconfigFile(),
                    work.resolve("kubectl-cache"));
            try (KubernetesClient client = new ClusterConnector().connect(
                    new ClusterCredentials.Kubeconfig(plane.kubeconfig(), null), Duration.ofSeconds(30))) {
                FirstLine firstLine = new FirstLine();
                Applier applier = new Applier(client, firstLine);
                for (int run = -warmups; run < runs; run++) {
                    int n = run + warmups;
                    ApplyRequest request = request("engine-" + n, typical);
                    Path yaml = work.resolve("kubectl-" + n + ".yaml");
                    Files.writeString(yaml, yaml(inNamespace("kubectl-" + n, typical)));
                    double[] engine = new double[3];
                    long[] tool = new long[2];
                    if (n % 2 == 0) {
                        engineTwice(applier, firstLine, request, engine);
                        kubectlTwice(kubectl, yaml, tool);
                    } else {
                        kubectlTwice(kubectl, yaml, tool);
                        engineTwice(applier, firstLine, request, engine);
                    }
                    Kubectl.Result version = check(kubectl.run(KUBECTL_LIMIT, "version", "--client"));
                    if (run >= 0) {
                        engineFirst.add(engine[0]);
                        engineReads.add(engine[2]);
                        engineAgain.add(engine[1]);
                        kubectlFirst.add(tool[0]);
                        kubectlAgain.add(tool[1]);
                        kubectlStartup.add(version.millis());
                    }
                }
            }
            Path yaml = work.resolve("kubectl-requests.yaml");
            Files.writeString(yaml, yaml(inNamespace("kubectl-requests", typical)));
            List<String> kubectlRequests = requests(check(kubectl.run(KUBECTL_LIMIT, "apply", "--server-side",
                    "-v=6", "-f", yaml.toString())).output());
            System.out.println("apply of " + typical.size() + " objects (examples/orders-auto), " + runs + " runs after "
                    + warmups + " warm-ups, same real API server for both; load average "
                    + Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println("API requests of a first install: opta-deploy 23 (namespace read, 6 object reads, 9"
                    + " prune lists, namespace create, 6 applies), kubectl " + kubectlRequests.size()
                    + " (discovery cached in its --cache-dir):");
            kubectlRequests.forEach(r -> System.out.println("  kubectl " + r));
        }
        System.out.println(engineFirst.summary());
        System.out.println(engineReads.summary());
        System.out.println(kubectlFirst.summary());
        System.out.println(engineAgain.summary());
        System.out.println(kubectlAgain.summary());
        System.out.println(kubectlStartup.summary());
        System.out.println(Medians.ratio("ratio first install", engineFirst, kubectlFirst));
        System.out.println(Medians.ratio("ratio re-apply", engineAgain, kubectlAgain));
        System.out.println("note: opta-deploy also reads each object (rollback snapshot) and lists owned objects (prune);"
                + " kubectl's time includes its process start");
        System.out.println(Medians.figure("real_apply_ms", engineFirst.median(), "ms"));
        System.out.println(Medians.figure("real_kubectl_apply_ms", kubectlFirst.median(), "ms"));
        System.out.println(Medians.figure("real_reapply_ms", engineAgain.median(), "ms"));
        System.out.println(Medians.figure("real_kubectl_reapply_ms", kubectlAgain.median(), "ms"));
    }

    /** First install, then re-apply; {@code millis[2]}: the first install up to the namespace created. */
    private static void engineTwice(Applier applier, FirstLine firstLine, ApplyRequest request, double[] millis)
            throws Exception {
        firstLine.reset();
        long start = System.nanoTime();
        applier.apply(request);
        millis[0] = (System.nanoTime() - start) / 1e6;
        millis[2] = (firstLine.at - start) / 1e6;
        start = System.nanoTime();
        applier.apply(request);
        millis[1] = (System.nanoTime() - start) / 1e6;
    }

    private static void kubectlTwice(Kubectl kubectl, Path yaml, long[] millis) {
        for (int i = 0; i < 2; i++) {
            millis[i] = check(kubectl.run(KUBECTL_LIMIT, "apply", "--server-side", "-f", yaml.toString())).millis();
        }
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
        return new ApplyRequest(namespace, copies, Labels.OWNER, owner, false);
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

    /** When the applier reported its first progress ("created namespace ...", after the reads). */
    private static final class FirstLine implements ApplyListener {
        long at;

        void reset() {
            at = 0;
        }

        @Override
        public void progress(String line) {
            if (at == 0) {
                at = System.nanoTime();
            }
        }
    }

    /** The requests a {@code -v=6} kubectl logged, as "VERB /path" without host and query. */
    private static List<String> requests(String log) {
        Matcher request = Pattern.compile("(GET|PUT|POST|PATCH|DELETE)\\W+https://[^/]+(/[^?\" ]*)").matcher(log);
        List<String> found = new ArrayList<>();
        while (request.find()) {
            found.add(request.group(1) + " " + request.group(2));
        }
        return found;
    }

    private static Kubectl.Result check(Kubectl.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl failed (exit " + result.exitCode() + "): " + result.output());
        }
        return result;
    }
}
