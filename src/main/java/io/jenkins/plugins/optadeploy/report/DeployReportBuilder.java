package io.jenkins.plugins.optadeploy.report;

import io.jenkins.plugins.optadeploy.apply.AppliedObject;
import io.jenkins.plugins.optadeploy.apply.ApplyResult;
import io.jenkins.plugins.optadeploy.apply.DryRunResult;
import io.jenkins.plugins.optadeploy.apply.ObjectRef;
import io.jenkins.plugins.optadeploy.apply.RollbackResult;
import io.jenkins.plugins.optadeploy.rollout.PodState;
import io.jenkins.plugins.optadeploy.rollout.RolloutOutcome;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Collects what the stages produced into one {@link DeployReport}. */
public final class DeployReportBuilder {
    private final ServiceSpec spec;
    private DeployReport.Outcome outcome;
    private String summary;
    private String image;
    private String digest;
    private String dockerRepoUrl;
    private String revision;
    private String url;
    private List<DeployReport.StageTiming> timings = List.of();
    private final List<DeployReport.ObjectChange> applied = new ArrayList<>();
    private final List<DeployReport.ObjectChange> pruned = new ArrayList<>();
    private final List<DeployReport.PodTimeline> timeline = new ArrayList<>();
    private final List<String> diagnostics = new ArrayList<>();
    private final List<String> rolloutWarnings = new ArrayList<>();
    private final List<String> rolledBack = new ArrayList<>();
    private String manifestsYaml = "";
    private String diff;
    private String workload;
    /** How the rollout gate names a Deployment's new ReplicaSet: {@code web-5d9c (revision 3)}. */
    private static final java.util.regex.Pattern DEPLOYMENT_REVISION =
            java.util.regex.Pattern.compile("\\S+ \\(revision (\\d+)\\)");

    public DeployReportBuilder(ServiceSpec spec) {
        this.spec = spec;
    }

    public DeployReportBuilder outcome(DeployReport.Outcome value, String line) {
        this.outcome = value;
        this.summary = line;
        return this;
    }

    public DeployReportBuilder image(String reference, String imageDigest, String repoUrl) {
        this.image = reference;
        this.digest = imageDigest;
        this.dockerRepoUrl = repoUrl;
        return this;
    }

    public DeployReportBuilder url(String serviceUrl) {
        this.url = serviceUrl;
        return this;
    }

    public DeployReportBuilder timings(List<DeployReport.StageTiming> value) {
        this.timings = List.copyOf(value);
        return this;
    }

    public DeployReportBuilder workload(String name) {
        this.workload = name;
        return this;
    }

    /** A Deployment's revision number, a StatefulSet's update revision as it is, null when none. */
    public static String revisionOf(String gateRevision) {
        if (gateRevision == null || gateRevision.isBlank()) {
            return null;
        }
        java.util.regex.Matcher m = DEPLOYMENT_REVISION.matcher(gateRevision);
        return m.matches() ? m.group(1) : gateRevision;
    }

    public DeployReportBuilder manifests(String yaml) {
        this.manifestsYaml = yaml;
        return this;
    }

    public DeployReportBuilder applied(ApplyResult result) {
        if (result == null) {
            return this;
        }
        // the namespace is rendered like every object, but created apart (and never changed once it exists)
        applied.add(new DeployReport.ObjectChange("Namespace", result.namespace(),
                result.namespaceCreated() ? "created" : "exists"));
        for (AppliedObject object : result.applied()) {
            applied.add(change(object.ref(), object.created() ? "created" : "updated"));
        }
        result.pruned().forEach(ref -> pruned.add(change(ref, "pruned")));
        return this;
    }

    public DeployReportBuilder dryRun(DryRunResult result) {
        for (DryRunResult.ObjectDiff object : result.objects()) {
            String action = switch (object.change()) {
                case CREATE -> "would be created";
                case UPDATE -> "would be updated";
                case UNCHANGED -> "unchanged";
                case PRUNE -> "would be pruned";
                case REFUSED -> "refused";
            };
            (object.change() == DryRunResult.Change.PRUNE ? pruned : applied).add(change(object.ref(), action));
        }
        this.diff = result.render();
        return this;
    }

    public DeployReportBuilder rollout(RolloutOutcome result) {
        this.revision = revisionOf(result.revision());
        Map<String, PodState> states = result.pods().stream()
                .collect(Collectors.toMap(PodState::pod, Function.identity(), (a, b) -> b));
        for (var pod : result.timeline()) {
            PodState state = states.get(pod.pod());
            timeline.add(new DeployReport.PodTimeline(pod.pod(), pod.created(), pod.ready(),
                    state == null ? "" : withoutPodName(state.describe(), pod.pod())));
        }
        rolloutWarnings.addAll(result.warnings());
        if (result.diagnosis() != null) {
            diagnostics.add(result.diagnosis().summary());
            diagnostics.addAll(result.diagnosis().details());
            if (newPodsNeverReady(result)) {
                String source = spec.service().probes().readinessSource(spec.service().ports().probePort());
                if (source != null) {
                    diagnostics.add(source);
                }
            }
        }
        return this;
    }

    /** A failing readiness probe, or a deadline passed with pods running, never restarted, yet not ready. */
    private static boolean newPodsNeverReady(RolloutOutcome result) {
        return switch (result.diagnosis().reason()) {
            case READINESS_PROBE -> true;
            case TIMEOUT, PROGRESS_DEADLINE -> result.pods().stream()
                    .anyMatch(pod -> "Running".equals(pod.phase()) && !pod.ready() && pod.restarts() == 0);
            default -> false;
        };
    }

    /** The timeline row names the pod already. */
    private static String withoutPodName(String state, String pod) {
        return state.startsWith(pod + ": ") ? state.substring(pod.length() + 2) : state;
    }

    public DeployReportBuilder diagnostic(String line) {
        diagnostics.add(line);
        return this;
    }

    public DeployReportBuilder rolledBack(RollbackResult result) {
        result.actions().forEach(action -> rolledBack.add(action.toString()));
        result.failures().forEach(failure -> rolledBack.add("failed: " + failure));
        rolledBack.addAll(result.notes());
        return this;
    }

    public DeployReport build() {
        List<String> warnings = new ArrayList<>(spec.warnings().stream().map(SpecProblem::toString).toList());
        warnings.addAll(rolloutWarnings);
        return new DeployReport(spec.layerName() + "/" + spec.service().moduleName(), spec.layerName(), outcome, summary,
                image, digest, dockerRepoUrl, revision, url, timings, applied, pruned, timeline, diagnostics,
                rolledBack, manifestsYaml, diff, warnings, workload);
    }

    private static DeployReport.ObjectChange change(ObjectRef ref, String action) {
        return new DeployReport.ObjectChange(ref.kind(), ref.name(), action);
    }
}
