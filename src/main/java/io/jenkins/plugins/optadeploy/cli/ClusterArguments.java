package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code deploy} reaches the cluster: a kubeconfig like kubectl's, or the pod's service account. */
final class ClusterArguments {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config; inside a pod without one: its service account).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: its current-context).")
    String context;

    ClusterCredentials credentials(Terminal terminal) {
        Path file = kubeconfigFile(terminal);
        if (file != null) {
            try {
                return new ClusterCredentials.Kubeconfig(Files.readString(file), context);
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read kubeconfig " + file + ": " + e.getMessage());
            }
        }
        if (terminal.environment().containsKey("KUBERNETES_SERVICE_HOST") && context == null) {
            return new ClusterCredentials.InCluster();
        }
        throw new CliException(ExitCode.USAGE,
                "no kubeconfig: pass --kubeconfig FILE or set KUBECONFIG (~/.kube/config does not exist)");
    }

    private Path kubeconfigFile(Terminal terminal) {
        if (kubeconfig != null) {
            Path file = terminal.currentDir().resolve(kubeconfig);
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCode.USAGE, "--kubeconfig " + kubeconfig + ": no such file");
            }
            return file;
        }
        String fromEnvironment = terminal.environment().get("KUBECONFIG");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            for (String entry : fromEnvironment.split(File.pathSeparator)) {
                Path file = terminal.currentDir().resolve(entry);
                if (!entry.isBlank() && Files.isRegularFile(file)) {
                    return file;
                }
            }
            throw new CliException(ExitCode.USAGE, "KUBECONFIG names no existing file: " + fromEnvironment);
        }
        String home = terminal.environment().getOrDefault("HOME", System.getProperty("user.home"));
        Path standard = Path.of(home, ".kube", "config");
        return Files.isRegularFile(standard) ? standard : null;
    }
}
