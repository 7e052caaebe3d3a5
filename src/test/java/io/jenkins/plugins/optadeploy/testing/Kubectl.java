package io.jenkins.plugins.optadeploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the kubectl found on PATH against one kubeconfig, with its own discovery cache directory. */
public final class Kubectl {
    private final Path executable;
    private final Path kubeconfig;
    private final Path cacheDir;

    public Kubectl(Path executable, Path kubeconfig, Path cacheDir) {
        this.executable = executable;
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /** kubectl on PATH, if any. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Runs {@code kubectl --kubeconfig K --cache-dir C args...}; kills it when it outlives {@code limit}.
     *
     * @return exit code (-1 when killed), output and the wall time from start to exit
     */
    public Result run(Duration limit, String... args) {
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command(args)).start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            return new Result(exited ? process.exitValue() : -1, stdout.join(), stderr.join(), millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running kubectl", e);
        }
    }

    /** Starts kubectl without waiting, for callers that time something else against its exit. */
    public Process start(String... args) {
        try {
            return new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public record Result(int exitCode, String stdout, String stderr, long millis) {
        public String output() {
            return stdout + stderr;
        }
    }
}
