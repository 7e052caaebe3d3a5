package io.jenkins.plugins.optadeploy.jenkins;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Prepared;
import io.jenkins.plugins.optadeploy.flow.Stage;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent that holds the workspace: reads and validates the spec, pushes the image. Carries the request and
 * a snapshot of the registry login only (never cluster credentials). The engine confines paths to the workspace,
 * symlinks included. Log lines go to the build log as they happen (the listener is remoted) and come back, masked, for the
 * deploy log file in the build directory.
 */
final class PrepareOnAgent extends MasterToSlaveFileCallable<PrepareOnAgent.Outcome> {
    private static final long serialVersionUID = 1L;

    private final DeployRequest request;
    private final RegistryAuth registryAuth;
    private final TaskListener listener;

    PrepareOnAgent(DeployRequest request, RegistryAuth registryAuth, TaskListener listener) {
        this.request = request;
        this.registryAuth = registryAuth;
        this.listener = listener;
    }

    @Override
    public Outcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        if (registryAuth.password() != null) {
            secrets.add(registryAuth.password());
        }
        MaskingDeployLog log = new MaskingDeployLog(listener.getLogger(), lines::add, secrets);
        Path ws = workspace.toPath().toRealPath();
        try {
            // the workspace's @tmp sibling is where Jenkins keeps a build's scratch files
            Path tmpRoot = Files.createDirectories(ws.resolveSibling(ws.getFileName() + "@tmp"));
            Path tmp = Files.createTempDirectory(tmpRoot, "opta-deploy");
            try {
                // a fresh engine on the agent: prepare keeps no state between phases and holds no cluster session
                Prepared prepared = new DeployEngine().prepare(ws, request, registryAuth, tmp, log);
                return new Outcome(prepared, null, null, lines);
            } finally {
                deleteTree(tmp);
            }
        } catch (DeployException e) {
            return new Outcome(null, e.getMessage(), e.stage(), lines);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The agent's answer: the prepared deploy, or the user-facing error and its stage; plus the masked log lines. */
    record Outcome(Prepared prepared, String error, Stage stage, List<String> lines) implements Serializable {
        Outcome {
            lines = List.copyOf(lines);
        }
    }
}
