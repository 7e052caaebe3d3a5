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
            description = "The Opta service file, relative to --workspace (default: ${DEFAULT-VALUE}).")
    String file;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Directory that FILE and its environment files are read from (default: the current directory).")
    Path workspace;

    @Option(names = "--env", paramLabel = "NAME",
            description = "The environments[].name to use; required when the file lists several.")
    String environment;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "An input variable ({vars.NAME}); repeat for several.")
    Map<String, String> vars = new LinkedHashMap<>();

    /** The workspace and FILE relative to it; an absolute FILE outside the workspace brings its own directory. */
    Location locate(Terminal terminal) {
        Path root = (workspace == null ? terminal.currentDir() : terminal.currentDir().resolve(workspace)).normalize();
        Path given = Path.of(file);
        if (!given.isAbsolute()) {
            return new Location(root, file);
        }
        Path absolute = given.normalize();
        if (absolute.startsWith(root)) {
            return new Location(root, root.relativize(absolute).toString());
        }
        return new Location(absolute.getParent(), absolute.getFileName().toString());
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
