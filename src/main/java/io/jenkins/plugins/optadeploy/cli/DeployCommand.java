package io.jenkins.plugins.optadeploy.cli;

import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.DeployEngine;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy",
        description = "Deploy FILE like the optaDeploy Jenkins step: validate, push (image: AUTO), render, server-side "
                + "apply, wait until every new pod is Ready, roll back on failure. Progress goes to standard error; the "
                + "outputs (docker_repo_url, image, digest, namespace, revision, url) to standard output as 'name: value' "
                + "lines.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:deployed (or dry run done)",
            "1:unexpected internal error",
            "2:usage error",
            "3:invalid spec",
            "4:image push failed",
            "5:apply failed",
            "6:rollout failed (rolled back unless --no-rollback)",
            "7:rollout timed out",
        })
final class DeployCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final DeployEngine engine;

    @Mixin
    SpecArguments spec;

    @Mixin
    ImageArguments image;

    @Mixin
    ClusterArguments cluster;

    @Option(names = "--dry-run", description = "Server-side dry run: print the diff of live versus desired objects; push and apply nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the rollout may take: seconds, or 90s, 5m, 1h (default: the spec's timeout, 300 s).")
    Duration timeout;

    @Option(names = "--lock-wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait while another deploy of the service holds its lock: seconds, or 90s, 5m "
                    + "(default: 10m). Apart from --timeout.")
    Duration lockWait;

    @Option(names = "--no-rollback", description = "Leave a failed rollout as it is instead of rolling back.")
    boolean noRollback;

    @Option(names = "--force-conflicts", description = "Take over fields that another field manager owns.")
    boolean forceConflicts;

    DeployCommand(Terminal terminal, DeployEngine engine) {
        this.terminal = terminal;
        this.engine = engine;
    }

    @Override
    public Integer call() {
        SpecArguments.Location location = spec.locate(terminal);
        DeployRequest request = new DeployRequest(location.file(), spec.environment, spec.vars, image.localImage(),
                image.archive(), image.sourceImage(), image.checkedRegistry(), image.checkedTag(), image.insecure,
                timeout, !noRollback, dryRun, forceConflicts, null, null, image.pushStallTimeout, lockWait);
        RegistryAuth registryAuth = image.auth(terminal);
        ClusterCredentials credentials = cluster.credentials(terminal);
        Progress progress = new Progress(terminal);
        DeployReport report;
        try (TempDirectory work = TempDirectory.create("opta-deploy")) {
            report = engine.deploy(location.workspace(), request, registryAuth, credentials, work.path(), progress);
        } catch (DeployException e) {
            progress.clear();
            if (e.report() != null && terminal.interactive()) {
                details(e.report());
            }
            throw new CliException(ExitCode.of(e.stage(), e.timedOut()), e.getMessage());
        }
        progress.clear();
        if (terminal.interactive()) {
            details(report);
        }
        terminal.err().println(report.summary());
        terminal.err().flush();
        results(report);
        return report.succeeded() ? ExitCode.OK : ExitCode.ROLLOUT_FAILED;
    }

    /**
     * What happened, on standard error, once the status line is gone: changes, pods, diagnostics, rollback, timings.
     * Without a console every one of these was already printed as a progress line.
     */
    private void details(DeployReport report) {
        PrintWriter err = terminal.err();
        report.warnings().forEach(warning -> err.println("warning: " + warning));
        report.applied().forEach(change -> err.println("  " + change.action() + " " + change.kind() + "/" + change.name()));
        report.pruned().forEach(change -> err.println("  pruned " + change.kind() + "/" + change.name()));
        report.timeline().forEach(pod -> err.println("  pod " + pod.pod() + ": " + pod.state()));
        report.diagnostics().forEach(line -> err.println("  " + line));
        report.rolledBack().forEach(line -> err.println("  rolled back: " + line));
        report.timings().forEach(timing -> err.println("  " + timing.stage() + ": " + timing.millis() + " ms"));
        err.flush();
    }

    /** The dry run's diff and the outputs, on standard output. */
    private void results(DeployReport report) {
        PrintWriter out = terminal.out();
        if (report.diff() != null && !report.diff().isEmpty()) {
            out.print(report.diff());
            if (!report.diff().endsWith("\n")) {
                out.println();
            }
        }
        report.outputs().forEach((name, value) -> out.println(name + ": " + value));
        out.flush();
    }
}
