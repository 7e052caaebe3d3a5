package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.spec.InvalidSpecException;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecInputs;
import io.jenkins.plugins.optadeploy.spec.SpecProblem;
import io.jenkins.plugins.optadeploy.spec.SpecReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
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
     * The workspace and FILE in it. FILE, its environment files and {@code --image-archive} are confined to the
     * workspace by the rule the Jenkins step applies ({@link io.jenkins.plugins.optadeploy.spec.WorkspaceFiles}): an
     * absolute path or one leading outside is refused, never read.
     */
    Location locate(Terminal terminal) {
        Path root = (workspace == null ? terminal.currentDir() : terminal.currentDir().resolve(workspace)).normalize();
        return new Location(root, file);
    }

    /** Reads and validates the spec; warnings go to stderr, problems end the command with exit code 3. */
    ServiceSpec read(Terminal terminal) {
        Location location = locate(terminal);
        try {
            ServiceSpec spec = new SpecReader().read(location.workspace(), location.file(), inputs());
            spec.warnings().forEach(warning -> terminal.err().println("warning: " + warning));
            return spec;
        } catch (InvalidSpecException e) {
            throw new CliException(ExitCode.INVALID_SPEC,
                    e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        }
    }

    SpecInputs inputs() {
        return new SpecInputs(environment, vars, Map.of());
    }

    record Location(Path workspace, String file) {}
}
