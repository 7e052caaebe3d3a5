package io.jenkins.plugins.optadeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.testing.FakeRegistry;
import io.jenkins.plugins.optadeploy.testing.RegistryServer;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push} against registries that fail the way real ones do: Debian's docker-registry frozen (SIGSTOP) and
 * killed (SIGKILL) by PID mid-push, and fake registries that answer 200 to everything, name another digest, cut
 * uploads or trickle a byte a second. Each asserts the exit code, the one-sentence message (naming the registry and,
 * for a stall, the stall timeout that ended it), how long it took, and that no push thread is left running.
 */
class PushFaultsTest {
    /** What the code promises for a registry that goes away (issue #14): failed within 10 s of the refusal. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);
    /** Faults without a deadline of their own (bad answers): they fail on the answer; generous for a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(60);
    /**
     * Small, yet long enough that a starved JVM on a loaded two-core machine does not pass for a stalled registry
     * (2 s did, once, at a load average of 17); the faults that are not stalls run with the default 30 s.
     */
    private static final String STALL = "5s";

    @TempDir
    static Path shared;

    static Path workspace;

    @BeforeAll
    static void workspace() throws IOException {
        workspace = Files.createDirectories(shared.resolve("workspace"));
        Files.copy(ExamplesTest.EXAMPLES.resolve("orders-auto/opta.yaml"), workspace.resolve("opta.yaml"));
        Files.createDirectories(workspace.resolve("build"));
        TestImages.dockerArchive(workspace.resolve("build/small.tar"), TestImages.image(256 << 10, 21));
        // layers well over the socket buffers, so that most of their upload waits on the slow reader
        TestImages.dockerArchive(workspace.resolve("build/medium.tar"), TestImages.image(48 << 20, 23));
        // large enough that a frozen registry's socket buffers cannot take the rest of it
        TestImages.dockerArchive(workspace.resolve("build/large.tar"), TestImages.image(96 << 20, 22));
    }

    @Test
    void aServerAnsweringOkToEverythingIsAPushFailureWithoutADigest() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(FakeRegistry.Fault.OK_TO_EVERYTHING)) {
            Run run = push(fake.address(), "small.tar", null, null);

            run.assertFailedWithin(PROMPTLY);
            assertThat(run.out).isEmpty();
            assertThat(run.message()).contains("Push to registry " + fake.address() + " failed",
                    "did not store the manifest", "Is " + fake.address() + " a container registry?");
            assertThat(run.err).doesNotContain("pushed ");
        }
    }

    @Test
    void aRegistryNamingAnotherDigestIsAPushFailure() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(FakeRegistry.Fault.WRONG_DIGEST)) {
            Run run = push(fake.address(), "small.tar", null, null);

            run.assertFailedWithin(PROMPTLY);
            assertThat(run.out).isEmpty();
            assertThat(run.message()).contains("Push to registry " + fake.address() + " failed",
                    "answered the manifest push with digest sha256:" + "0".repeat(64));
        }
    }

    @Test
    void aRegistryCuttingEveryUploadFailsAfterAFewAttemptsWithoutRetryNarration() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(FakeRegistry.Fault.CUT_UPLOADS)) {
            Run run = push(fake.address(), "small.tar", null, null);

            run.assertFailedWithin(PROMPTLY);
            assertThat(run.message()).contains(fake.address());
            assertThat(fake.requests()).as("a bounded number of attempts").isLessThan(40);
        }
    }

    @Test
    void aSlowButSteadyUploadIsNotAStallEvenWhenItOutlastsTheStallTimeout() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(FakeRegistry.Fault.SLOW_UPLOADS)) {
            Run run = push(fake.address(), "medium.tar", "3s", null);

            assertThat(run.exit).as(run.toString()).isZero();
            assertThat(run.elapsed).as("the layers took longer to stream than the stall timeout")
                    .isGreaterThan(Duration.ofSeconds(3));
            assertThat(run.out).startsWith(fake.address() + "/orders/api@sha256:");
        }
    }

    @Test
    void aRegistryTricklingAByteASecondFailsAtTheStallTimeout() throws Exception {
        try (FakeRegistry fake = new FakeRegistry(FakeRegistry.Fault.TRICKLE)) {
            Run run = push(fake.address(), "small.tar", STALL, null);

            run.assertFailedWithin(PROMPTLY);
            assertThat(run.message()).isEqualTo("Registry " + fake.address()
                    + " stalled: nothing moved for 5 s (the push stall timeout) while reading the manifest back.");
            assertThat(run.elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRegistryFrozenMidPushFailsAtTheStallTimeout() throws Exception {
        try (RegistryServer registry = RegistryServer.start(shared.resolve("frozen"))) {
            AtomicLong frozenAt = new AtomicLong();
            Run run = push(registry.address(), "large.tar", STALL, () -> {
                frozenAt.set(System.nanoTime());
                registry.suspend();
            });

            run.assertFailedWithin(PROMPTLY);
            assertThat(frozenAt.get()).as("frozen mid-push").isPositive();
            assertThat(run.message()).startsWith("Registry " + registry.address()
                    + " stalled: nothing moved for 5 s (the push stall timeout) while ");
            // the stall is counted from the last KiB sent, just before the freeze began
            assertThat(Duration.ofNanos(run.endedAt - frozenAt.get())).isGreaterThan(Duration.ofMillis(4900));
        }
    }

    @Test
    void aRegistryKilledMidPushFailsWithinTenSecondsOfRefusing() throws Exception {
        try (RegistryServer registry = RegistryServer.start(shared.resolve("killed"))) {
            AtomicLong killedAt = new AtomicLong();
            Run run = push(registry.address(), "large.tar", null, () -> {
                // noted before the kill: the push may fail, on other threads, before kill() returns here
                killedAt.set(System.nanoTime());
                registry.kill();
            });

            run.assertFailedWithin(PROMPTLY);
            assertThat(killedAt.get()).as("killed mid-push").isPositive();
            assertThat(run.message()).isEqualTo("Registry " + registry.address()
                    + " went away during the push: it refuses connections now. Is it running?");
            assertThat(Duration.ofNanos(run.endedAt - killedAt.get())).isLessThan(GONE_WITHIN);
        }
    }

    interface Fault {
        void inject() throws IOException;
    }

    /**
     * Runs {@code push} on a console, so the first progress update is drawn at once: {@code midPush} runs right
     * then, on the uploading thread, before another byte is sent.
     *
     * @param stall {@code --push-stall-timeout}, or null for the default
     */
    private static Run push(String registry, String archive, String stall, Fault midPush) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Writer errWatch = new Writer() {
            private boolean injected;

            @Override
            public synchronized void write(char[] buffer, int offset, int length) {
                String text = new String(buffer, offset, length);
                err.write(text);
                if (midPush != null && !injected && text.contains("pushing [")) {
                    injected = true;
                    try {
                        midPush.inject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(errWatch, true),
                new ByteArrayInputStream(new byte[0]), true, Map.of("HOME", "/nonexistent-home"), workspace);
        long start = System.nanoTime();
        List<String> args = new java.util.ArrayList<>(List.of("push", "--image-archive", "build/" + archive,
                "--registry", registry, "--tag", "faults"));
        if (stall != null) {
            args.addAll(List.of("--push-stall-timeout", stall));
        }
        int exit = Main.run(terminal, new DeployEngine(), args.toArray(String[]::new));
        long end = System.nanoTime();
        Run run = new Run(exit, out.toString(), err.toString(), Duration.ofNanos(end - start), end);
        System.out.printf("push to %s: exit %d after %d ms: %s%n", registry, exit, run.elapsed.toMillis(), run.message());
        return run;
    }

    private record Run(int exit, String out, String err, Duration elapsed, long endedAt) {
        /** The last line of standard error: the failure, after the cleared status line. */
        String message() {
            String[] parts = err.strip().split("[\r\n]");
            return parts[parts.length - 1].strip();
        }

        void assertFailedWithin(Duration bound) throws InterruptedException {
            assertThat(exit).as(toString()).isEqualTo(ExitCode.PUSH_FAILED);
            assertThat(elapsed).as(toString()).isLessThan(bound);
            assertThat(err).as("one sentence, no retry narration or stack trace")
                    .doesNotContain("will be retried", "will NOT be retried", "I/O error", "\tat ", "Exception");
            assertNoPushThreadLeft();
        }

        private static void assertNoPushThreadLeft() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<String> left;
            do {
                left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                        .filter(name -> name.startsWith("opta-deploy push") || name.startsWith("opta-deploy stall"))
                        .toList();
                if (left.isEmpty()) {
                    return;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            assertThat(left).as("push threads still running").isEmpty();
        }
    }
}
