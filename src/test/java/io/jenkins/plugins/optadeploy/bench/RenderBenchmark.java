package io.jenkins.plugins.optadeploy.bench;

import io.jenkins.plugins.optadeploy.manifests.ManifestRenderer;
import io.jenkins.plugins.optadeploy.manifests.Manifests;
import io.jenkins.plugins.optadeploy.manifests.RenderContext;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Warm rendering time. {@code typical}: Opta's hello-app service with five environment variables, two public URIs and
 * a cron job; {@code everything}: {@code src/test/resources/manifests/specs/everything.yaml} (every field). Run through
 * {@code bench/render}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {
    @Param({"typical", "everything"})
    public String spec;

    private final ManifestRenderer renderer = new ManifestRenderer();
    private ServiceSpec serviceSpec;
    private RenderContext context;

    @Setup
    public void read() throws Exception {
        if (spec.equals("typical")) {
            serviceSpec = Specs.minimal().withEnv("DATABASE_HOST", "db.internal").withEnv("LOG_LEVEL", "info")
                    .withEnv("FEATURE_X", "true").withEnv("WORKERS", "4").withEnv("REGION", "eu-west-1")
                    .withPublicUris("/hello", "hello.example.com/").withCronJob("0 3 * * *", java.util.List.of("/app/cleanup"), java.util.List.of())
                    .build();
        } else {
            Path specs = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "manifests", "specs");
            serviceSpec = new SpecReader().read(specs, spec + ".yaml", SpecInputs.none());
        }
        String digest = "sha256:" + "3b".repeat(32);
        String repo = "localhost:5000/" + serviceSpec.layerName() + "/" + serviceSpec.service().moduleName();
        context = new RenderContext(repo + "@" + digest, digest, repo, "https://jenkins.example.com/job/x/1/", "jenkins-x-1",
                "opta-deploy/0.1.0");
    }

    /** The objects the apply stage sends. */
    @Benchmark
    public Manifests render() {
        return renderer.render(serviceSpec, context);
    }

    /** Objects and their YAML, what a dry run or {@code render} command shows. */
    @Benchmark
    public String renderYaml() {
        return renderer.render(serviceSpec, context).toYaml();
    }
}
