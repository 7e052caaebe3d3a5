package io.jenkins.plugins.optadeploy.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an Opta service file (and the environment file it selects) into a validated, defaulted, interpolated
 * {@link ServiceSpec}. Every problem of the file is reported at once in {@link InvalidSpecException}; nothing else
 * escapes: unexpected failures become a plain message too.
 */
public final class SpecReader {

    /**
     * Reads {@code file} (relative to {@code workspace}) and, when it lists {@code environments}, the chosen
     * environment file (relative to the service file's directory, inside the workspace).
     */
    public ServiceSpec read(Path workspace, String file, SpecInputs inputs) throws InvalidSpecException {
        Problems problems = new Problems();
        String shownName = file == null ? "opta.yaml" : file;
        problems.fileRead(shownName);
        try {
            WorkspaceFiles files = new WorkspaceFiles(workspace);
            WorkspaceFiles.Resolved resolved = files.resolve(files.root(), file);
            Loaded service = load(resolved, shownName);
            EnvironmentFiles environments = (pathRef, path, found) -> {
                try {
                    WorkspaceFiles.Resolved env = files.resolve(resolved.path().getParent(), path);
                    found.fileRead(env.displayName());
                    return load(env, env.displayName());
                } catch (NotUtf8 e) {
                    found.error(e.problem);
                    return null;
                } catch (WorkspaceFiles.Refused | IOException e) {
                    found.error(pathRef, "environment file: " + message(e));
                    return null;
                }
            };
            return new LayerReader(problems, inputs == null ? SpecInputs.none() : inputs, environments)
                    .read(service.source(), service.bytes());
        } catch (NotUtf8 e) {
            problems.error(e.problem);
        } catch (WorkspaceFiles.Refused | IOException e) {
            problems.error(new SpecProblem(shownName, 0, 0, "", message(e)));
        } catch (RuntimeException | StackOverflowError e) {
            problems.error(new SpecProblem(shownName, 0, 0, "", unexpected(e)));
        }
        throw new InvalidSpecException(problems.errors());
    }

    /**
     * Reads a service file already in memory. Environment files are not read here: the chosen {@code environments}
     * entry still supplies its variables, but {@code {env}} and {@code {parent_name}} are errors.
     */
    public ServiceSpec read(String fileName, String yamlText, SpecInputs inputs) throws InvalidSpecException {
        Problems problems = new Problems();
        String shownName = fileName == null ? "opta.yaml" : fileName;
        problems.fileRead(shownName);
        try {
            byte[] bytes = yamlText.getBytes(StandardCharsets.UTF_8);
            return new LayerReader(problems, inputs == null ? SpecInputs.none() : inputs, null)
                    .read(new SourceFile(shownName, stripBom(yamlText)), bytes);
        } catch (RuntimeException | StackOverflowError e) {
            problems.error(new SpecProblem(shownName, 0, 0, "", unexpected(e)));
        }
        throw new InvalidSpecException(problems.errors());
    }

    /** Reads an environment file named by a service file; null after reporting at {@code pathRef}. */
    interface EnvironmentFiles {
        Loaded load(Ref pathRef, String path, Problems problems);
    }

    /** A file's text for parsing and its bytes for the source hash. */
    record Loaded(SourceFile source, byte[] bytes) {}

    private static Loaded load(WorkspaceFiles.Resolved file, String shownName) throws IOException {
        long size = Files.size(file.path());
        if (size > SafeYaml.MAX_BYTES) {
            throw new IOException("'" + shownName + "' is " + size + " bytes; the limit is " + SafeYaml.MAX_BYTES
                    + " bytes (1 MiB): an Opta file is never that large");
        }
        byte[] bytes = Files.readAllBytes(file.path());
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            throw new NotUtf8(shownName, bytes, in.position());
        }
        return new Loaded(new SourceFile(shownName, stripBom(out.flip().toString())), bytes);
    }

    /** A byte that is not UTF-8, with its line and column (in characters) for the message. */
    private static final class NotUtf8 extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient SpecProblem problem;

        NotUtf8(String file, byte[] bytes, int offset) {
            super("not UTF-8");
            int lineStart = 0;
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
            int column = before.codePointCount(0, before.length()) + 1;
            problem = new SpecProblem(file, line, column, "", String.format(Locale.ROOT,
                    "the byte 0x%02X is not UTF-8 text: save the file as UTF-8", bytes[offset] & 0xFF));
        }
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String message(Exception e) {
        if (e instanceof WorkspaceFiles.Refused) {
            return e.getMessage();
        }
        return e.getMessage() != null && e.getMessage().startsWith("'") ? e.getMessage()
                : "cannot be read (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }

    private static String unexpected(Throwable e) {
        return "the spec could not be read because of an internal error (" + e.getClass().getSimpleName()
                + "); please report it together with the file";
    }
}
