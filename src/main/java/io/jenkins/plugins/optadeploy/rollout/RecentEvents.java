package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The namespace's core/v1 events, read once when a diagnosis needs them (not watched: they matter only on failure).
 * Filtered here rather than with a field selector so the same code works against every API server and test double.
 */
final class RecentEvents {

    private final List<Event> events;

    private RecentEvents(List<Event> events) {
        this.events = events;
    }

    static RecentEvents read(KubernetesClient client, String namespace) {
        try {
            return new RecentEvents(client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .sorted(Comparator.comparing(RecentEvents::when).reversed()).toList());
        } catch (KubernetesClientException e) {
            return new RecentEvents(List.of());
        }
    }

    /** Most recent first: {@code Warning FailedScheduling pod/web-1: 0/3 nodes are available (x4)}. */
    List<String> warnings(Collection<String> involvedNames, int max) {
        return events.stream()
                .filter(e -> "Warning".equals(e.getType()) && e.getInvolvedObject() != null
                        && involvedNames.contains(e.getInvolvedObject().getName()))
                .limit(max)
                .map(RecentEvents::describe)
                .toList();
    }

    /** The latest event about {@code name} with this reason whose message starts with {@code prefix}. */
    Optional<Event> latest(String name, String reason, String prefix) {
        return events.stream()
                .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName())
                        && reason.equals(e.getReason()) && e.getMessage() != null && e.getMessage().startsWith(prefix))
                .findFirst();
    }

    static String describe(Event e) {
        int count = e.getCount() == null ? 1 : e.getCount();
        return e.getType() + " " + e.getReason() + " " + e.getInvolvedObject().getKind().toLowerCase() + "/"
                + e.getInvolvedObject().getName() + ": " + e.getMessage() + (count > 1 ? " (x" + count + ")" : "");
    }

    private static Instant when(Event e) {
        Instant last = Timestamps.parse(e.getLastTimestamp());
        if (last == null && e.getEventTime() != null) {
            last = Timestamps.parse(e.getEventTime().getTime());
        }
        if (last == null) {
            last = Timestamps.parse(e.getMetadata().getCreationTimestamp());
        }
        return last == null ? Instant.EPOCH : last;
    }
}
