package io.jenkins.plugins.optadeploy.flow;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a deploy needs except secrets, with the same options and defaults for the Pipeline step, the freestyle
 * step and the CLI. Crosses to the agent, so it holds no credential.
 *
 * @param file             the spec, relative to the workspace (default {@code opta.yaml})
 * @param environment      {@code environments[].name} to use, or null (required when the file lists several)
 * @param vars             input variables ({@code --var k=v})
 * @param localImage       image in the agent's Docker daemon ({@code name:tag}), or null
 * @param imageArchive     image tarball in the workspace (docker-archive, OCI layout or OCI archive), or null
 * @param sourceImage      image already in a registry to copy, or null
 * @param registry         AUTO registry ({@code host:port}), null for
 *                         {@link io.jenkins.plugins.optadeploy.image.ImageTarget#DEFAULT_REGISTRY}
 * @param tag              tag to push; null for the build's tag, else the source image's own tag, else latest
 * @param insecureRegistry allow plain HTTP to a non-loopback registry (never with credentials)
 * @param timeout          rollout timeout, null for the spec's {@code timeout} (default 300 s)
 * @param rollback         roll back when the rollout fails (default true)
 * @param dryRun           server-side dry run and diff; nothing is pushed or applied
 * @param forceConflicts   take over fields another field manager owns
 * @param buildUrl         for traceability annotations, or null
 * @param buildTag         e.g. {@code jenkins-job-42}; default push tag and annotation, or null
 * @param pushStallTimeout how long a registry request may move no data before the push fails; null for 30 s
 * @param lockWait         how long to wait for another deploy of the service to release its lock; null for
 *                         {@link #DEFAULT_LOCK_WAIT}. Apart from the rollout timeout: waiting for a colleague's deploy
 *                         is not this deploy's rollout.
 */
public record DeployRequest(
        String file,
        String environment,
        Map<String, String> vars,
        String localImage,
        String imageArchive,
        String sourceImage,
        String registry,
        String tag,
        boolean insecureRegistry,
        Duration timeout,
        boolean rollback,
        boolean dryRun,
        boolean forceConflicts,
        String buildUrl,
        String buildTag,
        Duration pushStallTimeout,
        Duration lockWait) implements Serializable {

    public static final String DEFAULT_FILE = "opta.yaml";
    /** Long enough for another deploy's rollout at the spec's default timeout (300 s) to end and free the lock. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);

    public DeployRequest {
        file = file == null || file.isBlank() ? DEFAULT_FILE : file;
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        if (pushStallTimeout != null && (pushStallTimeout.isNegative() || pushStallTimeout.isZero())) {
            throw new IllegalArgumentException("pushStallTimeout must be positive, not " + pushStallTimeout);
        }
        if (lockWait != null && lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, not " + lockWait);
        }
    }

    /** A request with the default lock wait. */
    public DeployRequest(String file, String environment, Map<String, String> vars, String localImage,
            String imageArchive, String sourceImage, String registry, String tag, boolean insecureRegistry,
            Duration timeout, boolean rollback, boolean dryRun, boolean forceConflicts, String buildUrl,
            String buildTag, Duration pushStallTimeout) {
        this(file, environment, vars, localImage, imageArchive, sourceImage, registry, tag, insecureRegistry, timeout,
                rollback, dryRun, forceConflicts, buildUrl, buildTag, pushStallTimeout, null);
    }

    /** A request with the default push stall timeout and lock wait. */
    public DeployRequest(String file, String environment, Map<String, String> vars, String localImage,
            String imageArchive, String sourceImage, String registry, String tag, boolean insecureRegistry,
            Duration timeout, boolean rollback, boolean dryRun, boolean forceConflicts, String buildUrl,
            String buildTag) {
        this(file, environment, vars, localImage, imageArchive, sourceImage, registry, tag, insecureRegistry, timeout,
                rollback, dryRun, forceConflicts, buildUrl, buildTag, null, null);
    }

    /** The lock wait asked for, else {@link #DEFAULT_LOCK_WAIT}. */
    public Duration effectiveLockWait() {
        return lockWait != null ? lockWait : DEFAULT_LOCK_WAIT;
    }
}
