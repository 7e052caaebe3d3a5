package io.jenkins.plugins.optadeploy.rollout;

import java.time.Instant;

/**
 * When a new pod went through its milestones. {@code created}, {@code scheduled} and {@code ready} are the API server's
 * timestamps (null when not reached); {@code readyObserved} is when this gate first saw the pod Ready, on the local clock.
 */
public record PodTimeline(String pod, Instant created, Instant scheduled, Instant ready, Instant readyObserved) {
}
