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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The asynchronous execution of {@code optaDeploy}. {@link #start} returns at once; the blocking phases (prepare on
 * the agent, apply) run on a pool thread; the rollout gate is a future that holds no thread. Persisted with the build:
 * the options, the request, the {@link Release} the engine returned, the phase and the deadline; never a credential.
 * After a controller restart {@link #onResume} resolves the credentials again and re-attaches to the rollout.
 */
final class DeployStepExecution extends AbstractStepExecutionImpl {
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
    /** Epoch millis after which the rollout gate gives up, 0 when the spec's timeout decides. */
    private long deadline;
    private boolean done;

    private transient volatile DeployRun deploy;
    private transient volatile Future<?> task;
    private transient volatile CompletableFuture<DeployReport> rollout;

    DeployStepExecution(StepContext context, DeployOptions options) {
        super(context);
        this.options = options;
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        EnvVars env = context.get(EnvVars.class);
        FilePath workspace = context.get(FilePath.class);
        DeployServices services = DeployServices.current();
        // Pipeline arguments are already interpolated by Groovy: no second expansion
        DeployRequest deployRequest = DeployRun.request(options, services, UnaryOperator.identity(),
                env == null ? null : env.get("BUILD_URL"), env == null ? null : env.get("BUILD_TAG"));
        request = new JavaSerialized<>(deployRequest);
        deploy = DeployRun.start(run, context.get(TaskListener.class), options, deployRequest, services);
        actionIndex = deploy.action().index();
        service = deployRequest.file();
        task = services.executor().submit(() -> runPhases(workspace));
        return false;
    }

    private void runPhases(FilePath workspace) {
        DeployRun d = deploy;
        try {
            setPhase(Phase.PREPARING);
            Prepared prepared = d.prepare(workspace);
            service = d.serviceLabel();
            setPhase(Phase.APPLYING);
            Release applied = d.release(prepared);
            boolean stopped;
            synchronized (this) {
                stopped = done;
                release = new JavaSerialized<>(applied);
                deadline = request.get().timeout() == null ? 0
                        : System.currentTimeMillis() + request.get().timeout().toMillis();
                phase = stopped ? phase : Phase.ROLLING_OUT;
            }
            if (stopped) {
                // stop() came while applying and could not see this release: roll it back here
                d.finish(d.abort(applied, "the build was aborted while applying"));
                return;
            }
            attach(d.awaitRollout(applied));
        } catch (DeployException e) {
            finish(d.failure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() cancelled us and completes the step itself
        } catch (java.io.IOException e) {
            finish(d.failure("The agent could not run the deploy: " + e.getMessage()));
        } catch (RuntimeException e) {
            finish(d.failure("The deploy failed unexpectedly: " + e));
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
                finish(report);
            } else if (!(unwrap(error) instanceof CancellationException)) {
                finish(deploy.failure("The rollout could not be watched: " + unwrap(error).getMessage()));
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private void finish(DeployReport report) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            phase = Phase.DONE;
        }
        deploy.finish(report);
        if (report.succeeded()) {
            getContext().onSuccess(report.outputs());
        } else {
            getContext().onFailure(new AbortException(MaskingDeployLog.PREFIX + report.summary()));
        }
    }

    private synchronized void setPhase(Phase p) {
        if (!done) {
            phase = p;
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Release toRollBack;
        CompletableFuture<DeployReport> r;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            toRollBack = release == null ? null : release.get();
            r = rollout;
            phase = Phase.ABORTING;
        }
        Future<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        if (r != null) {
            r.cancel(true);
        }
        DeployServices.current().executor().submit(() -> {
            try {
                DeployRun d = deploy != null ? deploy : reattach();
                if (toRollBack != null) {
                    DeployReport report = d.abort(toRollBack, "the build was aborted: " + cause.getMessage());
                    d.finish(report);
                } else {
                    d.log().line("Stopped (" + cause.getMessage() + "); anything being applied now is rolled back "
                            + "as soon as the apply returns");
                }
            } catch (Exception e) {
                // the step still fails with the cause; the rollback problem is said where it can be
                DeployRun d = deploy;
                if (d != null) {
                    d.log().line("Could not roll back after the abort: " + e.getMessage());
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
        super.onResume();
        Phase resumedIn;
        Release toWatch;
        synchronized (this) {
            if (done) {
                return;
            }
            resumedIn = phase;
            toWatch = release == null ? null : release.get();
        }
        if (resumedIn != Phase.ROLLING_OUT || toWatch == null) {
            synchronized (this) {
                done = true;
                phase = Phase.DONE;
            }
            getContext().onFailure(new AbortException(MaskingDeployLog.PREFIX + "Jenkins restarted while the deploy was "
                    + resumedIn.words + ", before the objects were applied completely. Nothing can be confirmed about "
                    + "this deploy: run the build again (the apply is idempotent)."));
            return;
        }
        task = DeployServices.current().executor().submit(() -> {
            try {
                DeployRun d = reattach();
                d.log().line("Jenkins restarted: watching the rollout of " + service + " again");
                attach(d.awaitRollout(toWatch));
            } catch (Exception e) {
                synchronized (this) {
                    done = true;
                    phase = Phase.DONE;
                }
                getContext().onFailure(e);
            }
        });
    }

    private DeployRun reattach() throws Exception {
        StepContext context = getContext();
        DeployRun d = DeployRun.resume(context.get(Run.class), context.get(TaskListener.class), options, request.get(),
                actionIndex, DeployServices.current());
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
