package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jenkins.plugins.optadeploy.testing.HeldService;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code java -jar opta-deploy-cli.jar deploy} processes of the same service against the real API server: the
 * second waits on the first one's Lease, says so, and deploys once the first released it.
 */
class RealClusterLockIT {
    private static final Path JAR = Path.of(System.getProperty("opta.cli.jar", "target/opta-deploy-cli.jar"))
            .toAbsolutePath();
    private static final String LAYER = "rc-lock";

    @TempDir
    Path workspace;

    @Test
    void aSecondProcessWaitsForTheFirstOnesLease() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not built: run mvn package first");
        RealControlPlane plane = RealControlPlane.shared();
        try (HeldService service = HeldService.write(plane, workspace, LAYER)) {
            Cli first = Cli.start(workspace, plane);
            first.awaitLine(l -> l.contains("acquired the deploy lock"));
            Lease held = plane.admin().resources(Lease.class).inNamespace(LAYER).withName("opta-deploy-rc-lock.web")
                    .get();
            Cli second = Cli.start(workspace, plane);
            second.awaitLine(l -> l.contains("waiting for the deploy lock held by "
                    + held.getSpec().getHolderIdentity()));
            first.awaitLine(l -> l.contains("0/1 new pods ready"));

            service.makeReady();

            assertThat(first.exit()).as(first.toString()).isZero();
            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(first.lines).contains("released the deploy lock (Lease " + LAYER + "/opta-deploy-rc-lock.web)");
            assertThat(second.lines).anyMatch(l -> l.startsWith("acquired the deploy lock"));
            assertThat(String.join("\n", second.lines)).as("the second applied only after it held the lock")
                    .containsSubsequence("waiting for the deploy lock", "acquired the deploy lock", "applied ");
        }
    }

    /** One CLI process; its standard error read line by line as it comes. */
    private static final class Cli {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> out;

        private Cli(Process process) {
            this.process = process;
            this.out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return "";
                }
            });
            Thread reader = new Thread(() -> {
                try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = err.readLine(); line != null; line = err.readLine()) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Cli start(Path workspace, RealControlPlane plane) throws Exception {
            return new Cli(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "deploy", "--kubeconfig", plane.kubeconfigFile().toString(),
                    "--timeout", "90s").directory(workspace.toFile()).start());
        }

        void awaitLine(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines.stream().noneMatch(wanted)) {
                if (System.nanoTime() > deadline || !process.isAlive() && lines.stream().noneMatch(wanted)) {
                    Thread.sleep(200);
                    if (lines.stream().anyMatch(wanted)) {
                        return;
                    }
                    throw new AssertionError("the CLI did not print the expected line:\n" + this);
                }
                Thread.sleep(50);
            }
        }

        int exit() throws InterruptedException {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish within 90 s:\n" + this);
            }
            return process.exitValue();
        }

        @Override
        public String toString() {
            return "stdout:\n" + out.getNow("") + "\nstderr:\n" + String.join("\n", lines);
        }
    }
}
