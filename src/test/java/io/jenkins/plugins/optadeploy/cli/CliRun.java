package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in-process with captured output, as a script would see it. */
final class CliRun {
    private Path currentDir = Path.of("").toAbsolutePath();
    private String stdin = "";
    private boolean interactive;
    private final Map<String, String> environment = new HashMap<>(Map.of("HOME", "/nonexistent-home"));
    private DeployEngine engine = new DeployEngine();

    CliRun in(Path directory) {
        this.currentDir = directory;
        return this;
    }

    CliRun stdin(String text) {
        this.stdin = text;
        return this;
    }

    CliRun interactive() {
        this.interactive = true;
        return this;
    }

    CliRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CliRun engine(DeployEngine engine) {
        this.engine = engine;
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive, environment, currentDir);
        int exit = Main.run(terminal, engine, args);
        return new Result(exit, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        /** Standard output's last non-empty line. */
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
