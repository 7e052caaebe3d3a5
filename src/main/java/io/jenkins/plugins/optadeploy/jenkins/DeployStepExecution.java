package io.jenkins.plugins.optadeploy.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Prepared;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The asynchronous execution of {@code optaDeploy}. {@link #start} checks the options, attaches the deploy page and
 * returns; everything else (credentials, prepare on the agent, apply) runs on a pool thread, never on the Pipeline's
 * program thread; the rollout gate is a future that holds no thread. Persisted with the program: the options, the
 * request, the {@link Release} the engine returned, the phase and the deadline; never a credential. Every phase
 * change asks the Pipeline to save the program, so that a hard restart (crash, OOM kill, eviction) resumes from the
 * phase the deploy really reached. After a restart {@link #onResume} resolves the credentials again and re-attaches
 * to the rollout. Whatever happens, the deploy's page ends with a report.
 */
final class DeployStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    enum Phase {
        STARTING("starting"),
        PREPARING("reading the spec and pushing the image on the agent"),
        APPLYING("applying the objects to the cluster"),
        ROLLING_OUT("waiting for the rollout"),
        ABORTING("rolling back after the build was aborted"),
        DONE("done");

        final String words;

        Phase(String words) {
            this.words = words;
        }
    }

    private final DeployOptions options;
    private JavaSerialized<DeployRequest> request;
    private int actionIndex;
    private volatile String service;
    private JavaSerialized<Release> release;
    private Phase phase = Phase.STARTING;
    /** Epoch millis after which the rollout gate gives up, as the release fixed it; 0 when nothing rolls out. */
    private long deadline;
    /** The step's outcome is being delivered (in this JVM); not persisted, a resumed execution decides anew. */
    private transient boolean done;

    /** Handed in at start and at resume: nothing of them is persisted. */
    private transient volatile DeployServices services;
    private transient volatile DeployRun deploy;
    private transient volatile Future<?> task;
    /** The apply holds the lock and writes: a stop lets it end (see {@link #stop}). */
    private transient volatile boolean writing;
    private transient volatile CompletableFuture<DeployReport> rollout;

    DeployStepExecution(StepContext context, DeployOptions options, DeployServices services) {
        super(context);
        this.options = options;
        this.services = services;
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        EnvVars env = context.get(EnvVars.class);
        FilePath workspace = context.get(FilePath.class);
        // Pipeline arguments are already interpolated by Groovy: no second expansion
        DeployRequest deployRequest = DeployRun.request(options, services, UnaryOperator.identity(),
                env == null ? null : env.get("BUILD_URL"), env == null ? null : env.get("BUILD_TAG"));
        request = new JavaSerialized<>(deployRequest);
        DeployAction action = DeployAction.attach(run, deployRequest.file());
        actionIndex = action.index();
        service = deployRequest.file();
        deploy = DeployRun.open(run, context.get(TaskListener.class), deployRequest, action, services);
        phase = Phase.PREPARING;
        task = services.executor().submit(() -> runPhases(workspace));
        return false;
    }

    private void runPhases(FilePath workspace) {
        DeployRun d = deploy;
        try {
            d.resolveCredentials(options); // a token producer may call the network: not on the program's thread
            Prepared prepared = d.prepare(workspace);
            service = d.serviceLabel();
            synchronized (this) {
                if (done) {
                    return; // stopped while preparing: stop() records it, nothing is applied
                }
                phase = Phase.APPLYING;
            }
            save();
            Release applied = d.release(prepared, () -> writing = true);
            boolean stopped;
            synchronized (this) {
                stopped = done;
                release = new JavaSerialized<>(applied);
                deadline = applied.rolloutDeadline() == null ? 0 : applied.rolloutDeadline().toEpochMilli();
                if (!stopped) {
                    phase = Phase.ROLLING_OUT;
                }
            }
            if (stopped) {
                // stop() came while applying and could not see this release: roll it back here
                d.finish(d.abort(applied, "the build was aborted while applying"));
                return;
            }
            save();
            attach(d.awaitRollout(applied));
        } catch (AbortException e) {
            complete(null, e);
        } catch (DeployException e) {
            complete(d.failure(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() cancelled us and records the deploy itself
        } catch (IOException e) {
            complete(d.failure("The agent could not run the deploy: " + e.getMessage()), null);
        } catch (RuntimeException e) {
            complete(d.failure("The deploy failed unexpectedly: " + e), null);
        }
    }

    private void attach(CompletableFuture<DeployReport> future) {
        boolean stopped;
        synchronized (this) {
            rollout = future;
            stopped = done;
        }
        if (stopped) {
            future.cancel(true); // stop() came first and rolls back
            return;
        }
        future.whenComplete((report, error) -> {
            if (error == null) {
                complete(report, null);
            } else if (!(unwrap(error) instanceof CancellationException)) {
                complete(deploy.failure("The rollout could not be watched: " + unwrap(error).getMessage()), null);
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Records the report (once) and completes the step, unless stop() already owns the outcome. */
    private void complete(DeployReport report, AbortException failure) {
        deploy.finish(report != null ? report : deploy.failure(MaskingDeployLog.withoutPrefix(failure.getMessage())));
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            phase = Phase.DONE;
        }
        if (report != null && report.succeeded()) {
            getContext().onSuccess(report.outputs());
        } else {
            getContext().onFailure(failure != null ? failure : deploy.failed(report));
        }
    }

    /** The program is saved with this execution in it (workflow-cps writes program.dat). */
    private void save() {
        getContext().saveState();
    }

    /** While preparing or applying, a restart could not tell what reached the cluster. */
    @Override
    public boolean blocksRestart() {
        synchronized (this) {
            return !done && (phase == Phase.STARTING || phase == Phase.PREPARING || phase == Phase.APPLYING);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Release toRollBack;
        CompletableFuture<DeployReport> r;
        boolean applying;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            toRollBack = release == null ? null : release.get();
            r = rollout;
            applying = phase == Phase.APPLYING && writing;
            phase = Phase.ABORTING;
        }
        save();
        Future<?> t = task;
        if (t != null) {
            // an apply that writes runs to its end and runPhases rolls back what it returns; a push or a wait for the
            // lock is interrupted, with nothing applied
            t.cancel(!applying);
        }
        if (r != null) {
            r.cancel(true);
        }
        services().executor().submit(() -> {
            try {
                DeployRun d = deploy != null ? deploy : reopen();
                if (toRollBack != null) {
                    if (d.clusterUnresolved()) {
                        d.resolveCredentials(options);
                    }
                    d.finish(d.abort(toRollBack, "the build was aborted: " + cause.getMessage()));
                } else if (applying) {
                    d.log().line("Stopped (" + cause.getMessage() + "); what is being applied now is rolled back "
                            + "as soon as the apply returns");
                } else {
                    d.finish(d.failure("The build was aborted (" + cause.getMessage() + ") before anything was "
                            + "applied"));
                }
            } catch (Exception e) {
                // the step still fails with the cause; the rollback problem is said where it can be
                DeployRun d = deploy;
                if (d != null) {
                    d.log().line("Could not roll back after the abort: " + e.getMessage());
                    d.finish(d.failure("The build was aborted; the rollback failed: " + e.getMessage()));
                }
            } finally {
                synchronized (this) {
                    phase = Phase.DONE;
                }
                getContext().onFailure(cause);
            }
        });
    }

    @Override
    public void onResume() {
        resume(DeployServices.jenkins());
    }

    /** After a restart (the program was read back): carries on with the services handed in. */
    void resume(DeployServices handedIn) {
        services = handedIn;
        Phase resumedIn;
        Release toWatch;
        synchronized (this) {
            resumedIn = phase;
            toWatch = release == null ? null : release.get();
        }
        task = handedIn.executor().submit(() -> {
            try {
                DeployRun d = reopen();
                if (resumedIn == Phase.DONE) {
                    DeployReport recorded = d.action().getReport();
                    complete(recorded != null ? recorded
                            : d.failure("Jenkins restarted before the deploy's result was recorded"), null);
                    return;
                }
                if (resumedIn == Phase.ABORTING && toWatch != null) {
                    d.resolveCredentials(options);
                    complete(d.abort(toWatch, "the build was aborted before Jenkins restarted"), null);
                    return;
                }
                if (resumedIn != Phase.ROLLING_OUT || toWatch == null) {
                    complete(d.failure("Jenkins restarted while the deploy was " + resumedIn.words + ", before the "
                            + "objects were applied completely. Nothing can be confirmed about this deploy: run the "
                            + "build again (the apply is idempotent)."), null);
                    return;
                }
                d.resolveCredentials(options);
                d.log().line("Jenkins restarted: watching the rollout of " + service + " again");
                attach(d.awaitRollout(toWatch));
            } catch (AbortException e) {
                complete(null, e);
            } catch (Exception e) {
                DeployRun d = deploy;
                if (d != null) {
                    complete(d.failure("The deploy could not be resumed after the restart: " + e.getMessage()), null);
                } else {
                    synchronized (this) {
                        done = true;
                        phase = Phase.DONE;
                    }
                    getContext().onFailure(e);
                }
            }
        });
    }

    /** Those handed in; Jenkins' own when stop() comes to a program read back but not resumed. */
    private DeployServices services() {
        DeployServices s = services;
        return s != null ? s : DeployServices.jenkins();
    }

    private DeployRun reopen() throws IOException, InterruptedException {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        DeployRequest r = request.get();
        DeployRun d = DeployRun.open(run, context.get(TaskListener.class), r, DeployRun.actionOf(run, actionIndex, r.file()),
                services());
        deploy = d;
        return d;
    }

    @Override
    public String getStatus() {
        Phase p;
        long end;
        synchronized (this) {
            p = phase;
            end = deadline;
        }
        String what = p.words + (service == null ? "" : " (" + service + ")");
        if (p == Phase.ROLLING_OUT && end > 0) {
            long left = Math.max(0, (end - System.currentTimeMillis()) / 1000);
            what += ", at most " + left + " s left";
        }
        return what;
    }
}
