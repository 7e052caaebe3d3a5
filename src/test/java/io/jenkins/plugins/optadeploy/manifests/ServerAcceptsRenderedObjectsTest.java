package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.optadeploy.spec.InvalidSpecException;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Assume;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * "Valid" means the real API server accepts it: every spec the reader accepts renders to objects that kube-apiserver
 * takes with {@code dryRun=All} (schema, validation and admission; nothing stored but the namespaces). Checked for
 * this project's examples in every environment, the shared Opta examples and a generated corpus of specs.
 */
class ServerAcceptsRenderedObjectsTest {
    private static final Path EXAMPLES = Path.of("examples");

    static Stream<Object[]> ownExamples() throws IOException {
        List<Object[]> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve("opta.yaml");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
                Object environments = tree.get("environments");
                if (environments instanceof List<?> list && !list.isEmpty()) {
                    for (Object env : list) {
                        cases.add(new Object[] {dir.getFileName().toString(), ((Map<?, ?>) env).get("name")});
                    }
                } else {
                    cases.add(new Object[] {dir.getFileName().toString(), null});
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} env {1}")
    @MethodSource("ownExamples")
    void everyExampleInEveryEnvironment(String example, String environment) throws Exception {
        SpecInputs inputs = environment == null ? SpecInputs.none() : SpecInputs.none().withEnvironment(environment);
        ServiceSpec spec = new SpecReader().read(EXAMPLES.resolve(example), "opta.yaml", inputs);

        assertThat(rejections(spec)).isEmpty();
    }

    static Stream<OptaExamplesGoldenTest.Case> sharedExamples() throws IOException {
        return OptaExamplesGoldenTest.cases().filter(c -> c.rejectedFor() == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedExamples")
    void everySharedOptaExample(OptaExamplesGoldenTest.Case example, @TempDir Path workspace) throws Exception {
        Path serviceDir = workspace.resolve(example.directory());
        Files.createDirectories(serviceDir);
        Files.copy(OptaExamplesGoldenTest.examples().resolve(example.file()), serviceDir.resolve(example.file()));
        for (Map.Entry<String, String> env : example.envFiles().entrySet()) {
            Path envFile = workspace.resolve(env.getKey());
            Files.createDirectories(envFile.getParent());
            Files.writeString(envFile, env.getValue());
        }
        String relative = example.directory().isEmpty() ? example.file() : example.directory() + "/" + example.file();
        ServiceSpec spec = new SpecReader().read(workspace, relative, example.inputs());

        assertThat(rejections(spec)).isEmpty();
    }

    @Property(tries = 150, maxDiscardRatio = 50)
    @AddLifecycleHook(SkipWithoutControlPlane.class)
    void everyGeneratedSpecTheReaderAcceptsTheServerAccepts(@ForAll("specs") String text) {
        ServiceSpec spec;
        try {
            spec = new SpecReader().read("opta.yaml", text, SpecInputs.none());
        } catch (InvalidSpecException e) {
            Statistics.collect("rejected by the reader");
            Assume.that(false);
            return;
        }
        Statistics.collect("accepted by the reader");

        assertThat(rejections(spec)).as(text).isEmpty();
    }

    @Provide
    Arbitrary<String> specs() {
        return GeneratedSpecs.texts();
    }

    /** jqwik would count a try aborted by an assumption as a rejected sample, not skip the property: skip it here. */
    static final class SkipWithoutControlPlane implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String reason = RealControlPlane.whyUnavailable();
            return reason == null ? SkipResult.doNotSkip() : SkipResult.skip("no real Kubernetes control plane: " + reason);
        }
    }

    /** The server's refusals of the rendered objects, each with the object; empty when it takes them all. */
    static List<String> rejections(ServiceSpec spec) {
        RealControlPlane plane = RealControlPlane.shared();
        Manifests manifests = new ManifestRenderer().render(spec, OptaExamplesGoldenTest.contextFor(spec));
        List<String> rejected = new ArrayList<>();
        for (HasMetadata object : manifests.objects()) {
            try {
                if ("Namespace".equals(object.getKind())) {
                    plane.admin().resource(object).fieldManager("opta-deploy").forceConflicts().serverSideApply();
                } else {
                    plane.admin().resource(object).inNamespace(manifests.namespace()).dryRun()
                            .fieldManager("opta-deploy").forceConflicts().serverSideApply();
                }
            } catch (KubernetesClientException e) {
                rejected.add(object.getKind() + "/" + object.getMetadata().getName() + ": HTTP " + e.getCode() + " "
                        + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
            }
        }
        return rejected;
    }
}
