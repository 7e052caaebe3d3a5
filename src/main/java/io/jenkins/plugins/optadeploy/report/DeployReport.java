package io.jenkins.plugins.optadeploy.report;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one deploy did, for the build page, the CLI and the Pipeline's return value. Plain data, persisted with the
 * build. Manifests here never contain secret values (the renderer only references secrets).
 *
 * @param service        {@code <layer>/<module>}
 * @param namespace      the Kubernetes namespace (the layer name)
 * @param outcome        how it ended
 * @param summary        one line saying what happened (and, on failure, why)
 * @param image          the image reference deployed ({@code repo@sha256:...} or an external reference)
 * @param digest         {@code sha256:...} when known, else null
 * @param dockerRepoUrl  the AUTO repository ({@code localhost:5000/layer/module}), else null
 * @param revision       the revision that was rolled out: a Deployment's revision number ({@code 3}), a StatefulSet's
 *                       update revision name; else null
 * @param url            the service URL when an Ingress exposes it, else null
 * @param timings        time spent per stage, in flow order
 * @param applied        objects created or updated
 * @param pruned         objects deleted because the spec no longer renders them
 * @param timeline       when each new pod was created and became ready
 * @param diagnostics    why the rollout failed: pod states, events, log tails; empty on success
 * @param rolledBack     what the rollback did; empty when none was needed or it was disabled
 * @param manifestsYaml  the rendered objects as applied
 * @param diff           dry run only: live versus desired, unified diff
 * @param warnings       deprecated or ignored input in the spec, then what the rollout gate warned about
 * @param workload       the Deployment or StatefulSet that rolled out, else null
 */
public record DeployReport(
        String service,
        String namespace,
        Outcome outcome,
        String summary,
        String image,
        String digest,
        String dockerRepoUrl,
        String revision,
        String url,
        List<StageTiming> timings,
        List<ObjectChange> applied,
        List<ObjectChange> pruned,
        List<PodTimeline> timeline,
        List<String> diagnostics,
        List<String> rolledBack,
        String manifestsYaml,
        String diff,
        List<String> warnings,
        String workload) implements Serializable {

    public DeployReport {
        timings = List.copyOf(timings);
        applied = List.copyOf(applied);
        pruned = List.copyOf(pruned);
        timeline = List.copyOf(timeline);
        diagnostics = List.copyOf(diagnostics);
        rolledBack = List.copyOf(rolledBack);
        warnings = List.copyOf(warnings);
    }

    public enum Outcome { SUCCEEDED, FAILED, ROLLED_BACK, DRY_RUN }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED || outcome == Outcome.DRY_RUN;
    }

    /**
     * The step's return value: docker_repo_url, image, digest, namespace, revision, workload, url; plain values
     * (empty strings when unknown), safe to pass to a shell command.
     */
    public Map<String, String> outputs() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("docker_repo_url", orEmpty(dockerRepoUrl));
        out.put("image", orEmpty(image));
        out.put("digest", orEmpty(digest));
        out.put("namespace", orEmpty(namespace));
        out.put("revision", orEmpty(revision));
        out.put("workload", orEmpty(workload));
        out.put("url", orEmpty(url));
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    public record StageTiming(String stage, long millis) implements Serializable {}

    /** {@code action}: created, updated, unchanged, pruned. */
    public record ObjectChange(String kind, String name, String action) implements Serializable {}

    /** {@code ready} is null when the pod never became ready; {@code state} is its last state in words. */
    public record PodTimeline(String pod, Instant created, Instant ready, String state) implements Serializable {}
}
