package io.jenkins.plugins.optadeploy.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Reads an image out of the local Docker daemon with the docker CLI ({@code docker save}). */
final class DockerCli {
    // name[:tag] or name@digest; never an option, never whitespace
    private static final Pattern IMAGE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/:@-]*");
    private static final long INSPECT_TIMEOUT_S = 60;
    private static final long SAVE_TIMEOUT_S = 30 * 60;

    private DockerCli() {}

    /** Writes {@code image} as a docker-archive to {@code tarball}. */
    static void save(String docker, String image, Path tarball) throws ImagePushException {
        if (!IMAGE.matcher(image).matches()) {
            throw new ImagePushException("'" + image + "' is not a Docker image name (expected name:tag).");
        }
        Path scratch = tarball.getParent();
        Result inspect = run(docker, List.of("image", "inspect", "--format", "{{.Id}}", image), INSPECT_TIMEOUT_S,
                scratch);
        if (inspect.exit != 0) {
            throw new ImagePushException("Image " + image + " is not in the local Docker daemon: "
                    + inspect.firstErrorLine() + ". Build or pull it on this agent first.");
        }
        Result save = run(docker, List.of("save", "-o", tarball.toString(), image), SAVE_TIMEOUT_S, scratch);
        if (save.exit != 0) {
            throw new ImagePushException("docker save " + image + " failed: " + save.firstErrorLine());
        }
    }

    private record Result(int exit, String stderr) {
        String firstErrorLine() {
            String trimmed = stderr.strip();
            int newline = trimmed.indexOf('\n');
            String line = newline < 0 ? trimmed : trimmed.substring(0, newline);
            return line.isEmpty() ? "exit code " + exit : line;
        }
    }

    private static Result run(String docker, List<String> args, long timeoutSeconds, Path scratch)
            throws ImagePushException {
        List<String> command = new ArrayList<>();
        command.add(docker);
        command.addAll(args);
        Path errors = null;
        try {
            errors = Files.createTempFile(scratch, "docker-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ImagePushException("docker " + args.get(0) + " did not finish within " + timeoutSeconds
                        + " s; is the Docker daemon responsive?");
            }
            return new Result(process.exitValue(), Files.readString(errors, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ImagePushException("Cannot run the docker CLI '" + docker + "' (" + e.getMessage()
                    + "). Install it on the agent or give its full path.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePushException("Interrupted while running docker " + args.get(0) + ".");
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException ignored) {
                    // a stray empty temp file is harmless
                }
            }
        }
    }
}
