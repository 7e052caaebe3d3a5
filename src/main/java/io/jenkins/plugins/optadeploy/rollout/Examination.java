package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a hopeless state may consult while judging the pods of one evaluation: the options, how long each state has
 * lasted, the namespace's events and the previous container logs (both read only when a diagnosis needs them).
 */
final class Examination {

    final RolloutOptions options;
    final String namespace;
    final Instant now;
    private final KubernetesClient client;
    private final Consumer<Instant> recheckAt;
    private final Map<String, Instant> firstSeen;
    private final Set<String> seen;
    private RecentEvents events;

    Examination(KubernetesClient client, String namespace, RolloutOptions options, Consumer<Instant> recheckAt,
                Map<String, Instant> firstSeen, Set<String> seen, Instant now) {
        this.client = client;
        this.namespace = namespace;
        this.options = options;
        this.recheckAt = recheckAt;
        this.firstSeen = firstSeen;
        this.seen = seen;
        this.now = now;
    }

    /** True once the state under {@code key} has lasted {@code tolerance}; schedules a re-check for when it will have. */
    boolean lasted(String key, Duration tolerance) {
        seen.add(key);
        Instant since = firstSeen.get(key);
        if (since == null) {
            firstSeen.put(key, now);
            since = now;
            recheckAt.accept(now.plus(tolerance));
        }
        return !now.isBefore(since.plus(tolerance));
    }

    void recheckAt(Instant when) {
        recheckAt.accept(when);
    }

    RecentEvents events() {
        if (events == null) {
            events = RecentEvents.read(client, namespace);
        }
        return events;
    }

    /** The last log lines of the container's previous instance, as diagnosis details (none when logLines is 0). */
    List<String> previousLog(String pod, String container) {
        if (options.logLines() == 0) {
            return List.of();
        }
        try {
            String log = client.pods().inNamespace(namespace).withName(pod).inContainer(container).terminated()
                    .tailingLines(options.logLines()).getLog();
            List<String> lines = log == null ? List.of() : log.lines().toList();
            List<String> shown = lines.subList(Math.max(0, lines.size() - options.logLines()), lines.size());
            List<String> out = new ArrayList<>();
            out.add("last " + shown.size() + " log lines of the previous " + container + " instance:");
            shown.forEach(line -> out.add("| " + line));
            return out;
        } catch (KubernetesClientException e) {
            return List.of("log of the previous " + container + " instance unavailable: "
                    + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getMessage()));
        }
    }
}
