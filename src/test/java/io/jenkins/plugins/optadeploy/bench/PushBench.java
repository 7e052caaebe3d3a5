package io.jenkins.plugins.optadeploy.bench;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import io.jenkins.plugins.optadeploy.image.ImagePusher;
import io.jenkins.plugins.optadeploy.image.ImageSource;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.PushListener;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.testing.RegistryServer;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Push benchmark run by {@code bench/push}: a fresh ~20 MB docker-archive per run, pushed by {@link ImagePusher} and by
 * {@code skopeo copy} in alternating order to fresh repositories of one local registry; then re-pushes of unchanged
 * content. Plain Jib ({@code Jib.from(TarImage)}) is measured too, as the baseline the issue compares against.
 *
 * <p>Arguments: {@code [runs=5] [megabytes=20] [--no-jib]}.
 */
public final class PushBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean plainJib = !List.of(args).contains("--no-jib");
        Path work = Files.createTempDirectory(Path.of("target"), "push-bench-").toAbsolutePath();
        try (RegistryServer registry = RegistryServer.start(work.resolve("registry"))) {
            new PushBench(registry, work, megabytes, plainJib).run(runs);
        } finally {
            deleteTree(work);
        }
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final RegistryServer registry;
    private final Path work;
    private double lastOurCpu;
    private double lastSkopeoCpu;
    private final int megabytes;
    private final boolean plainJib;

    private PushBench(RegistryServer registry, Path work, int megabytes, boolean plainJib) {
        this.registry = registry;
        this.work = work;
        this.megabytes = megabytes;
        this.plainJib = plainJib;
    }

    private void run(int runs) throws Exception {
        System.out.printf("registry %s, %d runs, %d MB docker-archive per run (2 uncompressed layers)%n",
                registry.address(), runs, megabytes);
        // the JVM's first pushes load classes and compile; a Jenkins agent is a long-running JVM
        for (int i = 0; i < 2; i++) {
            Path warmup = archive(-1 - i);
            ours(warmup, "warmup/ours" + i, work.resolve("cache-warmup" + i));
            skopeo(warmup, "warmup/skopeo" + i);
        }

        List<Double> ours = new ArrayList<>();
        List<Double> skopeo = new ArrayList<>();
        List<Double> jib = new ArrayList<>();
        List<Double> repush = new ArrayList<>();
        List<Double> skopeoRepush = new ArrayList<>();
        List<Double> ourCpu = new ArrayList<>();
        List<Double> skopeoCpu = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path tarball = archive(run);
            Path cache = work.resolve("cache-" + run);
            if (run % 2 == 0) {
                ours.add(ours(tarball, "bench/ours" + run, cache));
                skopeo.add(skopeo(tarball, "bench/skopeo" + run));
            } else {
                skopeo.add(skopeo(tarball, "bench/skopeo" + run));
                ours.add(ours(tarball, "bench/ours" + run, cache));
            }
            ourCpu.add(lastOurCpu);
            skopeoCpu.add(lastSkopeoCpu);
            repush.add(ours(tarball, "bench/ours" + run, cache));
            skopeoRepush.add(skopeo(tarball, "bench/skopeo" + run));
            if (plainJib) {
                jib.add(plainJib(tarball, "bench/jib" + run));
            }
            System.out.printf("run %d: push %.0f ms (cpu %.0f ms), skopeo %.0f ms (cpu %.0f ms), re-push %.0f ms,"
                            + " skopeo re-push %.0f ms%s%n",
                    run, last(ours), last(ourCpu), last(skopeo), last(skopeoCpu), last(repush), last(skopeoRepush),
                    plainJib ? String.format(", plain Jib %.0f ms", last(jib)) : "");
            Files.delete(tarball);
        }
        double push = median(ours);
        double skopeoPush = median(skopeo);
        double rePush = median(repush);
        double skopeoRePush = median(skopeoRepush);
        System.out.printf("median push %.0f ms vs skopeo %.0f ms: ratio %.2f (below 1 = faster than skopeo)%n",
                push, skopeoPush, push / skopeoPush);
        System.out.printf("median CPU time of a push %.0f ms vs skopeo %.0f ms: ratio %.2f%n",
                median(ourCpu), median(skopeoCpu), median(ourCpu) / median(skopeoCpu));
        System.out.printf("median re-push %.0f ms vs skopeo re-push %.0f ms: ratio %.2f%n",
                rePush, skopeoRePush, rePush / skopeoRePush);
        if (plainJib) {
            double jibPush = median(jib);
            System.out.printf("median plain Jib push %.0f ms: %.2f x skopeo, %.2f x this code%n",
                    jibPush, jibPush / skopeoPush, jibPush / push);
        }
        System.out.printf("push_ms: %.0f ms%n", push);
        System.out.printf("skopeo_push_ms: %.0f ms%n", skopeoPush);
        System.out.printf("repush_ms: %.0f ms%n", rePush);
    }

    private Path archive(int run) throws IOException {
        return TestImages.dockerArchive(work.resolve("image-" + run + ".tar"),
                TestImages.image((long) megabytes << 20, 1000 + run));
    }

    private double ours(Path tarball, String repository, Path cache) throws Exception {
        ImagePusher pusher = new ImagePusher(cache, PushListener.NONE);
        ImageTarget target = new ImageTarget(registry.address(), repository, "1", false);
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        pusher.push(new ImageSource.Archive(tarball), target, RegistryAuth.none());
        double elapsed = millisSince(start);
        lastOurCpu = (OS.getProcessCpuTime() - cpu) / 1e6;
        return elapsed;
    }

    private double skopeo(Path tarball, String repository) throws Exception {
        Path log = work.resolve("skopeo.log");
        Path times = work.resolve("skopeo.times");
        long start = System.nanoTime();
        // bash's `times` reports the CPU the child used: comparable to ours however loaded the machine is
        Process process = new ProcessBuilder("bash", "-c",
                "skopeo copy --quiet --dest-tls-verify=false \"$1\" \"$2\" >\"$3\" 2>&1 || exit 1; times >\"$4\"",
                "bench", "docker-archive:" + tarball, "docker://" + registry.address() + "/" + repository + ":1",
                log.toString(), times.toString())
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("skopeo failed: " + Files.readString(log));
        }
        double elapsed = millisSince(start);
        lastSkopeoCpu = childCpuMillis(Files.readAllLines(times).get(1));
        return elapsed;
    }

    /** bash `times` second line: "0m0.310s 0m0.052s" (user, system) of the children. */
    private static double childCpuMillis(String line) {
        double total = 0;
        for (String part : line.trim().split("\\s+")) {
            int m = part.indexOf('m');
            total += Double.parseDouble(part.substring(0, m)) * 60_000
                    + Double.parseDouble(part.substring(m + 1, part.length() - 1)) * 1000;
        }
        return total;
    }

    private double plainJib(Path tarball, String repository) throws Exception {
        Path cache = work.resolve("jib-cache-" + repository.replace('/', '-'));
        long start = System.nanoTime();
        Jib.from(TarImage.at(tarball))
                .containerize(Containerizer.to(RegistryImage.named(registry.address() + "/" + repository + ":1"))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(cache.resolve("base"))
                        .setApplicationLayersCache(cache.resolve("app"))
                        .setToolName("opta-deploy-bench"));
        return millisSince(start);
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
