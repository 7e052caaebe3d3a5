package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.ResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Bounds every request to one registry, so that a push never hangs: a request that moves less than
 * {@value #PROGRESS_BYTES} bytes for the stall timeout (as curl's {@code --speed-limit}/{@code --speed-time} counts),
 * or that fails while the registry refuses connections, fails the whole push. The connections are then shut, which
 * frees every thread blocked on a socket (a stopped registry's full receive window blocks writes for ever, and no
 * socket timeout covers writes), and every later request fails at once with the same sentence.
 *
 * <p>Requests are watched per thread: {@link #call} marks what the thread is doing, {@link #movedHere} counts the
 * bytes it sends or receives, from Jib's progress callbacks.
 */
final class StallGuard {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final long PROGRESS_BYTES = 1024;
    private static final int PROBE_TIMEOUT_MS = 2000;

    /**
     * What the socket buffers between here and the registry may hold once a request body is written: it drains at the
     * rate the body went out, and nothing here can see it move. A body that fit in the buffers whole tells nothing of
     * that rate: a registry reading slower than this bound per stall timeout (270 KiB/s at 30 s) may then be taken for
     * a stalled one.
     */
    static final long BUFFERED_BOUND = 8L << 20;
    private static final long MAX_DRAIN_NANOS = Duration.ofMinutes(5).toNanos();

    /** What one thread is doing with the registry, and when it last moved {@value #PROGRESS_BYTES} bytes. */
    private static final class Watch {
        final String what;
        final long startNanos = System.nanoTime();
        int depth;
        long markNanos = startNanos;
        long sinceMark;
        long total;
        long drainNanos;

        Watch(String what) {
            this.what = what;
        }

        synchronized void moved(long bytes) {
            total += bytes;
            sinceMark += bytes;
            if (sinceMark >= PROGRESS_BYTES) {
                sinceMark = 0;
                markNanos = System.nanoTime();
            }
        }

        /** The body is written; its last bytes may still sit in socket buffers, draining as fast as it went. */
        synchronized void bodyWritten() {
            long elapsed = System.nanoTime() - startNanos;
            drainNanos = total == 0 ? 0 : (long) Math.min(MAX_DRAIN_NANOS, (double) BUFFERED_BOUND * elapsed / total);
        }

        synchronized long idleNanos(long now) {
            return now - markNanos - drainNanos;
        }
    }

    private final String registry;
    private final Duration timeout;
    private final Runnable shutConnections;
    private final Map<Thread, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks;
    private volatile String failure;

    /**
     * @param shutConnections closes every connection to the registry, those in use included
     */
    StallGuard(String registry, Duration timeout, Runnable shutConnections) {
        this.registry = RegistryHost.hostAndPort(registry);
        this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        this.shutConnections = shutConnections;
        this.ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "opta-deploy stall guard " + this.registry);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(1000, this.timeout.toMillis() / 10));
        ticks.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    Duration timeout() {
        return timeout;
    }

    /** A plain HTTP request to the registry and the reading of its answer. */
    @FunctionalInterface
    interface IoRequest<T> {
        T run() throws IOException;
    }

    /**
     * Runs one of Jib's registry calls (or a few, with the reading of their answers) of this thread under watch. A
     * transport failure asks whether the registry went away, so that a dead registry ends the push at its first failed
     * request.
     */
    <T> T call(String what, Retry.Call<T> call) throws IOException, RegistryException {
        Watch watch = enter(what);
        try {
            throwIfFailed(null);
            return call.call();
        } catch (IOException | RegistryException | RuntimeException e) {
            failed(e);
            throw e;
        } finally {
            leave(watch);
        }
    }

    /** {@link #call} for a request outside Jib's registry client. */
    <T> T io(String what, IoRequest<T> request) throws IOException {
        Watch watch = enter(what);
        try {
            throwIfFailed(null);
            return request.run();
        } catch (IOException | RuntimeException e) {
            failed(e);
            throw e;
        } finally {
            leave(watch);
        }
    }

    private Watch enter(String what) {
        Watch watch = watches.computeIfAbsent(Thread.currentThread(), t -> new Watch(what));
        watch.depth++;
        return watch;
    }

    private void leave(Watch watch) {
        if (--watch.depth == 0) {
            watches.remove(Thread.currentThread());
        }
    }

    /** Throws the guard's failure instead of {@code e} once the push ended; a broken connection may end it. */
    private void failed(Exception e) throws RegistryStallException {
        if (e instanceof IOException && !(e instanceof ResponseException) && !(e instanceof RegistryStallException)) {
            ensureReachable(e);
        }
        throwIfFailed(e);
    }

    /**
     * Counts bytes for the request this thread is in, from whichever thread moves them (a streamed layer is written
     * by the compressing threads).
     */
    LongConsumer movedHere() {
        Watch watch = watches.get(Thread.currentThread());
        return watch == null ? bytes -> {} : watch::moved;
    }

    /** To run once the body of the request this thread is in is written (see {@link #BUFFERED_BOUND}). */
    Runnable bodyWrittenHere() {
        Watch watch = watches.get(Thread.currentThread());
        return watch == null ? () -> {} : watch::bodyWritten;
    }

    /** The sentence that ended the push, once it ended; else null. */
    String failure() {
        return failure;
    }

    void throwIfFailed(Throwable cause) throws RegistryStallException {
        String message = failure;
        if (message != null) {
            throw new RegistryStallException(message, cause);
        }
    }

    /**
     * A request failed on a broken connection: when the registry now refuses connections it went away, and the push
     * ends at once rather than after retries.
     *
     * @return the exception to throw for the failed request
     */
    IOException connectionBroke(String request) {
        try {
            ensureReachable(null);
        } catch (RegistryStallException gone) {
            return gone;
        }
        String message = failure;
        return message != null ? new RegistryStallException(message, null)
                : new BrokenConnectionException("the connection to registry " + registry + " broke during " + request);
    }

    /** Ends the push when the registry refuses connections now; {@code cause} is the failure that made one ask. */
    void ensureReachable(Throwable cause) throws RegistryStallException {
        if (failure == null && refusesConnections()) {
            fail("Registry " + registry + " went away during the push: it refuses connections now. Is it running?");
        }
        throwIfFailed(cause);
    }

    void close() {
        ticks.shutdownNow();
    }

    private void check() {
        long now = System.nanoTime();
        for (Watch watch : watches.values()) {
            if (watch.idleNanos(now) >= timeout.toNanos()) {
                fail("Registry " + registry + " stalled: nothing moved for " + seconds(timeout)
                        + " (the push stall timeout) while " + watch.what + ".");
                return;
            }
        }
    }

    private synchronized void fail(String message) {
        if (failure == null) {
            failure = message;
            shutConnections.run();
        }
    }

    /** A direct TCP connect to the registry; through a proxy nothing can be told this way. */
    private boolean refusesConnections() {
        URI uri = URI.create("https://" + registry + "/");
        List<Proxy> route = ProxySelector.getDefault() == null ? List.of(Proxy.NO_PROXY)
                : ProxySelector.getDefault().select(uri);
        if (!route.isEmpty() && route.get(0).type() != Proxy.Type.DIRECT) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), PROBE_TIMEOUT_MS);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException | IllegalArgumentException other) {
            return false;
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    /** A connection broke and its request may be tried again ({@link Retry} counts it as transient). */
    static final class BrokenConnectionException extends java.net.SocketException {
        private static final long serialVersionUID = 1L;

        BrokenConnectionException(String message) {
            super(message);
        }
    }
}
