package io.jenkins.plugins.optadeploy.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Spots new pods in states that will not fix themselves (after Krane's "doomed" containers and Argo CD's pod health),
 * one {@link HopelessState} each, most specific first. The doctor remembers when it first saw each state and forgets
 * it as soon as the state is gone, so a state counts only once it has persisted for its tolerance.
 */
final class PodDoctor {

    private static final List<HopelessState> STATES = List.of(
            new Unschedulable(), new ImagePullFailure(), new OomKill(), new CrashLoop(), new ContainerConfigError(),
            new ReadinessNeverPassing());

    private final KubernetesClient client;
    private final String namespace;
    private final RolloutOptions options;
    private final Consumer<Instant> recheckAt;
    private final Map<String, Instant> firstSeen = new HashMap<>();

    PodDoctor(KubernetesClient client, String namespace, RolloutOptions options, Consumer<Instant> recheckAt) {
        this.client = client;
        this.namespace = namespace;
        this.options = options;
        this.recheckAt = recheckAt;
    }

    /** The first hopeless state among the pods, explained; empty while every state is healthy or still tolerated. */
    Optional<Diagnosis> examine(List<Pod> pods, Instant now) {
        Set<String> seen = new HashSet<>();
        Examination exam = new Examination(client, namespace, options, recheckAt, firstSeen, seen, now);
        Optional<Diagnosis> found = pods.stream()
                .flatMap(pod -> STATES.stream().map(state -> state.diagnose(pod, exam)).flatMap(Optional::stream))
                .findFirst();
        firstSeen.keySet().retainAll(seen);
        return found;
    }
}
