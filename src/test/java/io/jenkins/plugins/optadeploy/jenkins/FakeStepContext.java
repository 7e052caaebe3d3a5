package io.jenkins.plugins.optadeploy.jenkins;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.jenkins.plugins.optadeploy.testing.JavaSerialization;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step context like workflow-cps's: serializable, and after deserialization it is whatever context the test
 * registered under its id (as CpsStepContext finds the live program after a restart). {@link #saveState} keeps the
 * bytes of the execution as they are at that moment, as workflow-cps writes program.dat: what a hard restart finds.
 */
final class FakeStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, FakeStepContext> LIVE = new ConcurrentHashMap<>();

    private final String id;
    private final transient Map<Class<?>, Object> objects;
    final transient CompletableFuture<Object> outcome = new CompletableFuture<>();
    private transient volatile Object execution;
    /** The program as last saved: after start() returned (workflow-cps saves then) and at each saveState(). */
    transient volatile byte[] saved;
    final transient java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();
    /** The save after which the controller "dies" (0: never); see {@link #crashAtSave}. */
    private transient volatile int crashAt;
    /** Counted down when the thread that saved is held at the crash. */
    final transient java.util.concurrent.CountDownLatch crashed = new java.util.concurrent.CountDownLatch(1);
    /** Lets the held thread go (the test's teardown): the JVM it stands for is gone by then. */
    final transient java.util.concurrent.CountDownLatch afterCrash = new java.util.concurrent.CountDownLatch(1);

    FakeStepContext(Map<Class<?>, Object> objects) {
        this(UUID.randomUUID().toString(), objects);
    }

    private FakeStepContext(String id, Map<Class<?>, Object> objects) {
        this.id = id;
        this.objects = objects;
        LIVE.put(id, this);
    }

    /** The context a resumed execution will see: same id, fresh objects (new listener, reloaded run). */
    FakeStepContext afterRestart(Map<Class<?>, Object> freshObjects) {
        return new FakeStepContext(id, freshObjects);
    }

    private Object readResolve() throws ObjectStreamException {
        return LIVE.get(id);
    }

    @Override
    public <T> T get(Class<T> key) throws IOException, InterruptedException {
        return key.cast(objects.get(key));
    }

    /** The execution the "program" holds; saved from now on. */
    void program(Object startedExecution) {
        this.execution = startedExecution;
    }

    /**
     * A hard restart right after the program was written for the {@code nth} time: that save keeps its bytes in
     * {@link #saved} and the thread that saved is held, so that this "JVM" does nothing more for the deploy. When the
     * test lets it go, the save fails: that thread ends without touching the cluster again.
     */
    void crashAtSave(int nth) {
        crashAt = nth;
    }

    /** workflow-cps saves the program once the step's start() has returned. */
    synchronized void savedAfterStart() {
        saved = serialize(execution);
    }

    @Override
    public ListenableFuture<Void> saveState() {
        int nth;
        synchronized (this) {
            nth = saves.incrementAndGet();
            if (execution != null) {
                saved = serialize(execution);
            }
        }
        if (nth == crashAt) {
            crashed.countDown();
            try {
                afterCrash.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the controller that saved this program is gone");
        }
        return Futures.immediateVoidFuture();
    }

    private static byte[] serialize(Object o) {
        try {
            return JavaSerialization.bytes(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void onSuccess(Object result) {
        outcome.complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        outcome.completeExceptionally(t);
    }
}
