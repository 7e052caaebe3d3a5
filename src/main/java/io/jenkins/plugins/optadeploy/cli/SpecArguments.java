package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** FILE, {@code --workspace}, {@code --env} and {@code --var}: every command that reads a spec takes them. */
final class SpecArguments {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "opta.yaml",
            description = "The Opta service file, relative to --workspace and inside it (default: ${DEFAULT-VALUE}).")
    String file;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Directory that FILE, its environment files and --image-archive must be in "
                    + "(default: the current directory).")
    Path workspace;

    @Option(names = "--env", paramLabel = "NAME",
            description = "The environments[].name to use; required when the file lists several.")
    String environment;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "An input variable ({vars.NAME}); repeat for several.")
    Map<String, String> vars = new LinkedHashMap<>();

    /**
     * The workspace and FILE in it. The engine confines FILE, its environment files and {@code --image-archive} to
     * the workspace, as it does for the Jenkins step: an absolute path or one leading outside is refused, never read.
     */
    Location locate(Terminal terminal) {
        Path root = (workspace == null ? terminal.currentDir() : terminal.currentDir().resolve(workspace)).normalize();
        return new Location(root, file);
    }

    /** The request of a command that only reads the spec. */
    DeployRequest request(Location location) {
        return new DeployRequest(location.file(), environment, vars, null, null, null, null, null, false, null, true,
                false, false, null, null);
    }

    /**
     * Reads and validates the spec through the engine, as a deploy does; warnings go to standard error, problems end
     * the command with exit code 3, one per line.
     */
    ServiceSpec validate(DeployEngine engine, Location location, DeployRequest request, Terminal terminal) {
        try {
            return engine.validate(location.workspace(), request, line -> {
                terminal.err().println(line);
                terminal.err().flush();
            });
        } catch (DeployException e) {
            throw new CliException(ExitCode.of(e.stage(), false),
                    e.problems().isEmpty() ? e.getMessage() : String.join(System.lineSeparator(), e.problems()));
        }
    }

    record Location(Path workspace, String file) {}
}
