package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.RegistryAddress;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.spec.ImageReferences;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where an {@code image: AUTO} service's image comes from and where it goes: the Jenkins step's push parameters,
 * handed to the engine as they are (it applies the defaults and the workspace rule).
 */
final class ImageArguments {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--registry", paramLabel = "HOST:PORT",
            description = "Registry for image: AUTO; the repository is <layer>/<module> (default: " + ImageTarget.DEFAULT_REGISTRY + ").")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "Tag to push (default: the tag of --local-image or --source-image, else latest). "
                    + "Pods always run the pushed digest.")
    String tag;

    @Option(names = "--username", paramLabel = "USER", description = "Registry user; the password is read from standard input.")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--insecure", description = "Allow plain HTTP or unverified TLS to a registry that is not on this machine.")
    boolean insecure;

    @Option(names = "--push-stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Fail the push when a registry request moves no data for this long: seconds, or 90s, 5m "
                    + "(default: 30s).")
    Duration pushStallTimeout;

    static final class Source {
        @Option(names = "--image-archive", paramLabel = "TAR", required = true,
                description = "Image tarball (docker save, OCI archive) or OCI layout directory, relative to --workspace.")
        String archive;

        @Option(names = "--local-image", paramLabel = "NAME:TAG", required = true,
                description = "Image in the local Docker daemon.")
        String localImage;

        @Option(names = "--source-image", paramLabel = "REF", required = true,
                description = "Image already in a registry, copied as is.")
        String sourceImage;
    }

    boolean hasSource() {
        return source != null;
    }

    String archive() {
        return source == null ? null : source.archive;
    }

    String localImage() {
        return source == null ? null : source.localImage;
    }

    String sourceImage() {
        return source == null ? null : source.sourceImage;
    }

    RegistryAuth auth(Terminal terminal) {
        if (username == null && !passwordStdin) {
            return RegistryAuth.none();
        }
        if (username == null || !passwordStdin) {
            throw new CliException(ExitCode.USAGE, "--username and --password-stdin go together: "
                    + "pass both, e.g. echo \"$REGISTRY_PASSWORD\" | opta-deploy push ... --username ci --password-stdin");
        }
        try {
            String password = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "--password-stdin: standard input is empty; pipe the password in");
            }
            return new RegistryAuth(username, password);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "--password-stdin: cannot read standard input: " + e.getMessage());
        }
    }

    /** {@code --registry} as given, after checking it is {@code host[:port]}: a usage error otherwise. */
    String checkedRegistry() {
        return checkRegistry(registry);
    }

    /** {@code --tag} as given, after checking it is a tag: a usage error otherwise. */
    String checkedTag() {
        return checkTag(tag);
    }

    static String checkRegistry(String registry) {
        if (registry != null) {
            String problem = RegistryAddress.problem(registry);
            if (problem != null) {
                throw new CliException(ExitCode.USAGE, "--registry: " + problem);
            }
        }
        return registry;
    }

    static String checkTag(String tag) {
        if (tag != null && !ImageReferences.TAG.matcher(tag).matches()) {
            throw new CliException(ExitCode.USAGE, "--tag: '" + tag + "' is not a tag: up to 128 letters, digits, "
                    + "'_', '.' or '-', not starting with '.' or '-'");
        }
        return tag;
    }

    /** The request of a command that reads the spec and may push: the spec's arguments and these. */
    DeployRequest request(SpecArguments.Location location, SpecArguments spec) {
        return new DeployRequest(location.file(), spec.environment, spec.vars, localImage(), archive(), sourceImage(),
                checkedRegistry(), checkedTag(), insecure, null, true, false, false, null, null, pushStallTimeout);
    }
}
