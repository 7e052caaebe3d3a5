package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * What the two simulators share: the scripts tests give the pods of each workload, the record of when the last Ready
 * status of a workload's new pods was written, the one thread every simulated write happens on, in order, and the
 * simulated endpoint-slice controller.
 */
public abstract class PodScripts implements AutoCloseable {

    /** The simulator's only thread: pod changes, status writes and events happen on it in the order it ran them. */
    protected final ScheduledExecutorService loop;
    protected final SimEndpoints endpoints;
    private final Map<String, IntFunction<PodScript>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastReadyWrite = new ConcurrentHashMap<>();
    private volatile IntFunction<PodScript> defaultScript = i -> PodScript.readyAfter(Duration.ofMillis(50));

    protected PodScripts(String threadName, KubernetesClient client) {
        endpoints = new SimEndpoints(client);
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Every new pod of {@code workload} (a Deployment's or StatefulSet's name) follows {@code script}. */
    public void script(String workload, PodScript script) {
        scripts.put(workload, i -> script);
    }

    /** Pod number {@code i} (0-based, in the order the pods were created) follows {@code perPod.apply(i)}. */
    public void script(String workload, IntFunction<PodScript> perPod) {
        scripts.put(workload, perPod);
    }

    public void defaultScript(PodScript script) {
        defaultScript = i -> script;
    }

    /** When the simulator began writing the Ready status that made the workload's newest pods all Ready. */
    public Instant lastReadyWrittenAt(String workload) {
        return lastReadyWrite.get(workload);
    }

    /** From now on no EndpointSlice is written, as in a cluster whose endpoint-slice controller is down. */
    public void stopEndpointSlices() {
        endpoints.stop();
    }

    protected PodScript scriptFor(String workload, int index) {
        return scripts.getOrDefault(workload, defaultScript).apply(index);
    }

    /** A new revision (or a new pod) of the workload: its pods are not all Ready any more. */
    protected void newPodsOf(String workload) {
        lastReadyWrite.remove(workload);
    }

    protected void allReadyWritten(String workload, Instant writing) {
        lastReadyWrite.put(workload, writing);
    }

    /** Stops the thread, waiting for the write in progress. */
    protected void stopLoop() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
