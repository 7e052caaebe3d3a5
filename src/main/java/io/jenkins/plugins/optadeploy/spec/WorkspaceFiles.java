package io.jenkins.plugins.optadeploy.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Resolves user-given file names strictly inside the workspace: no absolute paths, no escaping '..' or symlinks.
 * Public because the deploy flow confines image archives the same way.
 */
public final class WorkspaceFiles {
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.*");
    private final Path root;

    public WorkspaceFiles(Path workspace) {
        this.root = workspace.toAbsolutePath().normalize();
    }

    /** A resolved file: where it really is and its name relative to the workspace for messages. */
    public record Resolved(Path path, String displayName) {}

    /**
     * Resolves {@code name} against {@code baseDir} (a directory inside the workspace).
     *
     * @throws Refused with a user-facing message when the file is not an acceptable workspace file
     */
    Resolved resolve(Path baseDir, String name) throws Refused {
        return resolve(baseDir, name, false);
    }

    /** Like {@link #resolve(Path, String)} from the workspace root, also accepting a directory (an OCI image layout). */
    public Resolved resolveFileOrDirectory(String name) throws Refused {
        return resolve(root, name, true);
    }

    private Resolved resolve(Path baseDir, String name, boolean directoryAllowed) throws Refused {
        if (name == null || name.isBlank() || name.indexOf('\0') >= 0) {
            throw new Refused("no file name given");
        }
        if (URL.matcher(name).matches()) {
            throw new Refused(quoted(name) + " is a URL: give a path relative to the workspace");
        }
        Path given;
        try {
            given = Path.of(name);
        } catch (InvalidPathException e) {
            throw new Refused(quoted(name) + " is not a valid file name");
        }
        if (given.isAbsolute()) {
            throw new Refused(quoted(name) + " is an absolute path: give the file relative to the workspace");
        }
        Path target = baseDir.resolve(given).normalize();
        if (!target.startsWith(root)) {
            throw new Refused(quoted(name) + " leads outside the workspace: only workspace files are read");
        }
        if (!Files.exists(target)) {
            throw new Refused(Files.isSymbolicLink(target)
                    ? quoted(display(target)) + " is a symbolic link that leads nowhere (its target is missing, or links loop)"
                    : quoted(display(target)) + " does not exist in the workspace");
        }
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new Refused(quoted(name) + " is a symbolic link leading outside the workspace: "
                        + "only workspace files are read");
            }
            if (!Files.isRegularFile(real) && !(directoryAllowed && Files.isDirectory(real))) {
                throw new Refused(quoted(display(target)) + " is not a regular file");
            }
            return new Resolved(real, display(target));
        } catch (IOException e) {
            throw new Refused(quoted(name) + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The file cannot be used; the message says why and what to do. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    Path root() {
        return root;
    }

    /** A user-given name in a message: quoted, on one line. */
    private static String quoted(String name) {
        return "'" + Characters.escape(name) + "'";
    }

    private String display(Path target) {
        return root.relativize(target).toString().replace('\\', '/');
    }
}
