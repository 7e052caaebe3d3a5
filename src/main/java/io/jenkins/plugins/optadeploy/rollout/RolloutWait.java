package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One rollout being waited for. Watch events and timers only "poke" it; evaluations run one at a time on the shared
 * evaluator, and pokes that arrive while one is queued are folded into it.
 */
final class RolloutWait {

    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

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
    private final Map<String, Instant> readyObserved = new HashMap<>();
    private volatile NamespaceWatch watch;
    private volatile boolean synced;
    private String lastLine;
    private RolloutStatus lastStatus;
    private String lastError;

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
                finish(failure(new Diagnosis(Diagnosis.Reason.WATCH_FAILED,
                        "Cannot watch " + target.describe() + " and its pods: " + message(error),
                        List.of("hint: the credentials need get, list and watch on deployments, replicasets, "
                                + "statefulsets, pods and events in namespace " + target.namespace())), null));
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
            lastError = message(e);
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
        Snapshot snapshot = readServer ? NamespaceWatch.fresh(client, target, cached) : cached;
        if (snapshot == null) {
            finish(failure(new Diagnosis(Diagnosis.Reason.WORKLOAD_MISSING,
                    target.describe() + " does not exist",
                    List.of("hint: was it applied to namespace " + target.namespace() + ", or deleted since?")), null));
            return;
        }
        RolloutStatus status = RolloutStatus.of(target, snapshot);
        observe(status, now);
        Optional<Diagnosis> hopeless = doctor.examine(status.newPods(), now);
        if (hopeless.isPresent()) {
            finish(failure(hopeless.get(), status));
        } else if (status.phase() == RolloutStatus.Phase.PROGRESS_DEADLINE_EXCEEDED) {
            finish(failure(stuck(status, "made no progress within its progress deadline: " + status.deadlineNote(),
                    Diagnosis.Reason.PROGRESS_DEADLINE), status));
        } else if (status.phase() == RolloutStatus.Phase.COMPLETE) {
            finish(new RolloutOutcome(true, null, status.revision(), timeline(status), states(status), Instant.now()));
        } else if (pastDeadline) {
            finish(failure(stuck(status, "did not finish before its deadline " + target.deadline(),
                    Diagnosis.Reason.TIMEOUT), status));
        }
    }

    private void observe(RolloutStatus status, Instant now) {
        lastStatus = status;
        status.newPods().stream().filter(RolloutStatus::isReady)
                .forEach(p -> readyObserved.putIfAbsent(p.getMetadata().getName(), now));
        if (!status.line().equals(lastLine)) {
            lastLine = status.line();
            listener.progress(status.line());
        }
    }

    /** A timeout or progress deadline: the last state of every new pod and the recent warnings. */
    private Diagnosis stuck(RolloutStatus status, String what, Diagnosis.Reason reason) {
        List<String> details = new ArrayList<>();
        details.add("last status: " + status.line());
        if (status.newPods().isEmpty()) {
            details.add("no new pods were created");
        } else {
            details.add("new pods:");
            states(status).forEach(s -> details.add("  " + s.describe()));
        }
        Set<String> involved = new LinkedHashSet<>(List.of(target.name()));
        if (status.revision() != null) {
            involved.add(status.revision().replaceFirst(" \\(revision .*\\)$", ""));
        }
        status.newPods().forEach(p -> involved.add(p.getMetadata().getName()));
        List<String> warnings = RecentEvents.read(client, target.namespace()).warnings(involved, options.maxEvents());
        if (warnings.isEmpty()) {
            details.add("no warning events");
        } else {
            details.add("recent warning events:");
            warnings.forEach(w -> details.add("  " + w));
        }
        if (lastError != null) {
            details.add("last API error: " + lastError);
        }
        return new Diagnosis(reason, target.describe() + " " + what + " (" + progressOf(status) + ")", details);
    }

    /** The progress line without the workload's name, which the summary already starts with. */
    private String progressOf(RolloutStatus status) {
        String line = status.line();
        return line.startsWith(target.describe()) ? line.substring(target.describe().length()).replaceFirst("^:? ", "")
                : line;
    }

    private RolloutOutcome failure(Diagnosis diagnosis, RolloutStatus status) {
        RolloutStatus last = status == null ? lastStatus : status;
        return last == null
                ? new RolloutOutcome(false, diagnosis, null, List.of(), List.of(), Instant.now())
                : new RolloutOutcome(false, diagnosis, last.revision(), timeline(last), states(last), Instant.now());
    }

    private List<PodTimeline> timeline(RolloutStatus status) {
        return status.newPods().stream().map(p -> new PodTimeline(
                p.getMetadata().getName(),
                Timestamps.parse(p.getMetadata().getCreationTimestamp()),
                transition(p, "PodScheduled"),
                transition(p, "Ready"),
                readyObserved.get(p.getMetadata().getName()))).toList();
    }

    private static Instant transition(Pod pod, String type) {
        return RolloutStatus.condition(pod, type).filter(c -> "True".equals(c.getStatus()))
                .map(c -> Timestamps.parse(c.getLastTransitionTime())).orElse(null);
    }

    private static List<PodState> states(RolloutStatus status) {
        return status.newPods().stream().map(RolloutWait::state).toList();
    }

    static PodState state(Pod pod) {
        List<String> containers = new ArrayList<>();
        int restarts = 0;
        for (ContainerStatus c : PodDoctor.statuses(pod)) {
            restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
            containers.add(c.getName() + ": " + describe(c));
        }
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
        RolloutStatus.condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()))
                .ifPresent(c -> containers.add("unscheduled: " + c.getReason() + " (" + c.getMessage() + ")"));
        return new PodState(pod.getMetadata().getName(), phase, RolloutStatus.isReady(pod), restarts, containers);
    }

    private static String describe(ContainerStatus status) {
        ContainerState state = status.getState();
        String now;
        if (state == null) {
            now = "no state yet";
        } else if (state.getWaiting() != null) {
            now = "waiting " + state.getWaiting().getReason()
                    + (state.getWaiting().getMessage() == null ? "" : " (" + state.getWaiting().getMessage() + ")");
        } else if (state.getTerminated() != null) {
            now = "terminated " + state.getTerminated().getReason() + " (exit " + state.getTerminated().getExitCode() + ")";
        } else {
            now = Boolean.TRUE.equals(status.getReady()) ? "running, ready" : "running, not ready";
        }
        if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
            var last = status.getLastState().getTerminated();
            now += ", last exit " + last.getExitCode() + " (" + last.getReason() + ")";
        }
        return now;
    }

    private void finish(RolloutOutcome outcome) {
        future.complete(outcome);
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

    /** What went wrong, as the API server put it (its Status message), without URLs or exception names. */
    private static String message(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof KubernetesClientException)) {
            cause = cause.getCause();
        }
        if (cause instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + " (HTTP " + k.getCode() + ")";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
