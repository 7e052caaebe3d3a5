package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar opta-deploy-cli.jar COMMAND ...}: the engine of the optaDeploy Jenkins step, outside Jenkins. */
@Command(name = "opta-deploy", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Validate, render, push and deploy Opta k8s-service specs (opta.yaml) to Kubernetes.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success",
            "1:unexpected internal error",
            "2:usage error (unknown option, missing argument, conflicting options)",
            "3:invalid spec (every problem is printed as file:line:column: field: message)",
            "4:image push failed",
            "5:apply failed (cluster unreachable, rejected object, conflict)",
            "6:rollout failed (pods never became ready; rolled back unless --no-rollback)",
            "7:rollout timed out",
        },
        footer = {"", "Run 'opta-deploy COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // fabric8 and Jib log through SLF4J; without a binding SLF4J itself would warn on every run.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(Terminal.system(), new DeployEngine(), args));
    }

    static int run(Terminal terminal, DeployEngine engine, String... args) {
        return commandLine(terminal, engine).execute(args);
    }

    static CommandLine commandLine(Terminal terminal, DeployEngine engine) {
        CommandLine commandLine = new CommandLine(new Main())
                .addSubcommand(new CommandLine(new ValidateCommand(terminal, engine)))
                .addSubcommand(new CommandLine(new RenderCommand(terminal, engine)))
                .addSubcommand(new CommandLine(new PushCommand(terminal, engine)))
                .addSubcommand(new CommandLine(new DeployCommand(terminal, engine)));
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        return commandLine
                .setOut(terminal.out())
                .setErr(terminal.err())
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((failure, failed, parseResult) -> failed(terminal, failure));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: validate, render, push or deploy");
    }

    private static int usageError(ParameterException problem, String[] args) {
        CommandLine failed = problem.getCommandLine();
        failed.getErr().println("opta-deploy: " + problem.getMessage());
        failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
        failed.getErr().flush();
        return ExitCode.USAGE;
    }

    private static int failed(Terminal terminal, Exception failure) {
        if (failure instanceof CliException expected) {
            terminal.err().println(expected.getMessage());
            terminal.err().flush();
            return expected.exitCode();
        }
        // A defect, not a user error: one line that names it, no stack trace.
        terminal.err().println("opta-deploy: internal error: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        terminal.err().flush();
        return ExitCode.INTERNAL_ERROR;
    }
}
