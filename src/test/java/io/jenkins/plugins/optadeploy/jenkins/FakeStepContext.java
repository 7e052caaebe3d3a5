package io.jenkins.plugins.optadeploy.jenkins;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step context like workflow-cps's: serializable, and after deserialization it is whatever context the test
 * registered under its id (as CpsStepContext finds the live program after a restart).
 */
final class FakeStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, FakeStepContext> LIVE = new ConcurrentHashMap<>();

    private final String id;
    private final transient Map<Class<?>, Object> objects;
    final transient CompletableFuture<Object> outcome = new CompletableFuture<>();

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

    @Override
    public void onSuccess(Object result) {
        outcome.complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        outcome.completeExceptionally(t);
    }
}
