package io.jenkins.plugins.optadeploy.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of its process: output streams, standard input, whether a person watches (a console) and
 * the environment. Tests pass their own.
 *
 * @param out         results (YAML, references, outputs): what a script captures
 * @param err         progress, warnings and errors
 * @param in          standard input ({@code --password-stdin})
 * @param interactive a console is attached: progress is one updating status line instead of a line per event
 * @param environment environment variables ({@code KUBECONFIG}, {@code HOME}, {@code KUBERNETES_SERVICE_HOST})
 * @param currentDir  the default {@code --workspace}
 */
record Terminal(PrintWriter out, PrintWriter err, InputStream in, boolean interactive, Map<String, String> environment,
        Path currentDir) {

    static Terminal system() {
        Charset charset = Charset.defaultCharset();
        return new Terminal(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                System.in, System.console() != null, System.getenv(), Path.of("").toAbsolutePath());
    }
}
