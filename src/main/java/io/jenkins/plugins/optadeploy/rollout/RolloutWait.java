package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One rollout being waited for: watch events and timers poke it; pokes fold into one queued evaluation at a time. */
final class RolloutWait {

    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);
    private static final Duration SETTLE_RECHECK = Duration.ofMillis(250);

    private final KubernetesClient client;
    private final RolloutTarget target;
    private final RolloutListener listener;
    private final RolloutOptions options;
    private final PodDoctor doctor;
    private final CompletableFuture<RolloutOutcome> future = new CompletableFuture<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean resyncDue = new AtomicBoolean();
    private volatile long lastChangeNanos = System.nanoTime();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final NewPodsReport report = new NewPodsReport();
    private volatile NamespaceWatch watch;
    private volatile boolean synced;
    private String lastLine;
    private RolloutStatus lastStatus;
    private String lastError;
    private Instant completeSince;

    RolloutWait(KubernetesClient client, RolloutTarget target, RolloutOptions options, RolloutListener listener) {
        this.client = client;
        this.target = target;
        this.options = options;
        this.listener = listener;
        this.doctor = new PodDoctor(client, target.namespace(), options, this::pokeAt);
    }

    RolloutTarget target() {
        return target;
    }

    CompletableFuture<RolloutOutcome> future() {
        return future;
    }

    void start() {
        future.whenComplete((outcome, error) -> close());
        pokeAt(target.deadline());
        long resync = options.resync().toMillis();
        remember(RolloutThreads.TIMER.scheduleWithFixedDelay(this::resyncIfQuiet, resync, resync, TimeUnit.MILLISECONDS));
        watch = NamespaceWatch.join(client, this);
        watch.ready(target).whenComplete((ignored, error) -> {
            if (error != null) {
                future.complete(failure(GateDiagnoses.watchFailed(target, error), null));
            } else {
                synced = true;
                poke();
            }
        });
    }

    /** A watch event concerns this rollout. */
    void changed() {
        lastChangeNanos = System.nanoTime();
        poke();
    }

    /** No watch event for a whole resync period: read the rollout from the API server on the next evaluation. */
    private void resyncIfQuiet() {
        if (System.nanoTime() - lastChangeNanos >= options.resync().toNanos()) {
            resyncDue.set(true);
            poke();
        }
    }

    /** Something changed or a timer fired: evaluate soon, once. */
    private void poke() {
        if (future.isDone() || !queued.compareAndSet(false, true)) {
            return;
        }
        RolloutThreads.EVALUATOR.execute(this::evaluateSafely);
    }

    private void pokeAt(Instant when) {
        long delay = Math.max(0, Duration.between(Instant.now(), when).toMillis()) + 1;
        remember(RolloutThreads.TIMER.schedule(this::poke, delay, TimeUnit.MILLISECONDS));
    }

    private void remember(ScheduledFuture<?> timer) {
        synchronized (timers) {
            timers.add(timer);
            timers.removeIf(ScheduledFuture::isDone);
        }
    }

    private synchronized void evaluateSafely() {
        queued.set(false);
        if (future.isDone() || !synced) {
            return;
        }
        try {
            evaluate();
        } catch (KubernetesClientException e) {
            // A failed read (API server restarting, connection reset) is not a verdict: try again shortly.
            lastError = GateDiagnoses.message(e);
            pokeAt(Instant.now().plus(RETRY_AFTER_ERROR));
        }
    }

    private void evaluate() {
        Instant now = Instant.now();
        boolean pastDeadline = !now.isBefore(target.deadline());
        Snapshot cached = watch.cached(target);
        // Caches are as current as kubectl's watch; the API server is asked when the watches went quiet (one may have
        // died without closing) and for the last word at the deadline.
        boolean readServer = pastDeadline || resyncDue.getAndSet(false) || cached == null;
        Snapshot snapshot = readServer ? target.workloadKind().fresh(client, target, cached) : cached;
        if (snapshot == null) {
            future.complete(failure(GateDiagnoses.missing(target), null));
            return;
        }
        RolloutStatus status = RolloutStatus.of(target, snapshot);
        observe(status, now);
        Optional<Diagnosis> hopeless = doctor.examine(status.newPods(), now);
        if (hopeless.isPresent()) {
            future.complete(failure(hopeless.get(), status));
        } else if (status.phase() == RolloutStatus.Phase.PROGRESS_DEADLINE_EXCEEDED) {
            future.complete(failure(GateDiagnoses.stalled(client, target, options, status, "made no progress within its progress "
                    + "deadline: " + status.deadlineNote(), Diagnosis.Reason.PROGRESS_DEADLINE, lastError), status));
        } else if (status.phase() == RolloutStatus.Phase.COMPLETE) {
            complete(status, snapshot, now, pastDeadline);
        } else if (pastDeadline) {
            future.complete(failure(GateDiagnoses.stalled(client, target, options, status, "did not finish before its deadline "
                    + target.deadline(), Diagnosis.Reason.TIMEOUT, lastError), status));
        }
    }

    /**
     * Rolled out: succeeds, with warnings about the objects around the workload. A warning that usually clears by
     * itself (endpoints follow Ready pods) is given {@link Surroundings#SETTLE}, and no longer than the deadline.
     */
    private void complete(RolloutStatus status, Snapshot snapshot, Instant now, boolean pastDeadline) {
        if (completeSince == null) {
            completeSince = now;
        }
        List<Surroundings.Finding> findings =
                Surroundings.read(client, target, snapshot.workload(), status.newPods()).judge();
        boolean settling = findings.stream().anyMatch(Surroundings.Finding::settling);
        if (settling && !pastDeadline && now.isBefore(completeSince.plus(Surroundings.SETTLE))) {
            pokeAt(now.plus(SETTLE_RECHECK));
            return;
        }
        List<String> warnings = findings.stream().map(Surroundings.Finding::warning).toList();
        warnings.forEach(warning -> listener.progress("warning: " + warning)); // the deploy log's, as it happens
        future.complete(new RolloutOutcome(true, null, status.revision(), report.timeline(status),
                NewPodsReport.states(status), Instant.now(), warnings));
    }

    private void observe(RolloutStatus status, Instant now) {
        lastStatus = status;
        report.observe(status.newPods(), now);
        if (status.phase() != RolloutStatus.Phase.COMPLETE) {
            completeSince = null;
        }
        if (!status.line().equals(lastLine)) {
            lastLine = status.line();
            listener.progress(status.line());
        }
    }

    private RolloutOutcome failure(Diagnosis diagnosis, RolloutStatus status) {
        RolloutStatus last = status == null ? lastStatus : status;
        return last == null
                ? new RolloutOutcome(false, diagnosis, null, List.of(), List.of(), Instant.now())
                : new RolloutOutcome(false, diagnosis, last.revision(), report.timeline(last),
                        NewPodsReport.states(last), Instant.now());
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (timers) {
            timers.forEach(t -> t.cancel(false));
            timers.clear();
        }
        watch.leave(this);
    }
}
