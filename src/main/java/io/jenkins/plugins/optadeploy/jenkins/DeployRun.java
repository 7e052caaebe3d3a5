package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.optadeploy.apply.ClusterCredentials;
import io.jenkins.plugins.optadeploy.flow.DeployException;
import io.jenkins.plugins.optadeploy.flow.DeployLog;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Prepared;
import io.jenkins.plugins.optadeploy.flow.Release;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One deploy of one build, on the controller, shared by the Pipeline step and the freestyle step: resolves the
 * credentials for the build, runs {@code prepare} on the agent through {@link PrepareOnAgent}, then release and the
 * rollout gate on the controller, and records the result (deploy page, badge, console line).
 */
final class DeployRun {
    private final Run<?, ?> run;
    private final DeployServices services;
    private final DeployRequest request;
    private final DeployAction action;
    private final TaskListener listener;
    private volatile MaskingDeployLog log;
    private volatile ClusterCredentials cluster;
    private volatile RegistryAuth registryAuth = RegistryAuth.none();
    private Prepared prepared;

    private DeployRun(Run<?, ?> run, DeployServices services, DeployRequest request, DeployAction action,
            TaskListener listener) {
        this.run = run;
        this.listener = listener;
        this.log = new MaskingDeployLog(listener.getLogger(), action.logFile(), Set.of());
        this.services = services;
        this.request = request;
        this.action = action;
    }

    /** A new deploy (freestyle): attaches the deploy page, then resolves the credentials. */
    static DeployRun start(Run<?, ?> run, TaskListener listener, DeployOptions options, DeployRequest request,
            DeployServices services) throws AbortException {
        DeployRun d = open(run, listener, request, DeployAction.attach(run, request.file()), services);
        d.resolveCredentials(options);
        return d;
    }

    /**
     * The deploy of an attached page, credentials not resolved yet: the Pipeline step resolves them off the
     * program's thread, and after a restart again (nothing secret was persisted).
     */
    static DeployRun open(Run<?, ?> run, TaskListener listener, DeployRequest request, DeployAction action,
            DeployServices services) {
        return new DeployRun(run, services, request, action, listener);
    }

    /** The page of deploy {@code actionIndex} of the build, or a new one when the build lost it. */
    static DeployAction actionOf(Run<?, ?> run, int actionIndex, String file) {
        DeployAction action = DeployAction.find(run, actionIndex);
        return action != null ? action : DeployAction.attach(run, file);
    }

    /**
     * Resolves the credentials for the build (a token producer may call the network) and masks their secrets from
     * here on. A credential that cannot be used finishes the deploy's record before the build fails.
     */
    void resolveCredentials(DeployOptions options) throws AbortException {
        try {
            String mismatch = Fabric8Versions.mismatch();
            if (mismatch != null) {
                throw new AbortException(MaskingDeployLog.PREFIX + mismatch);
            }
            Credentials creds = resolve(run, options, request, services);
            this.log = new MaskingDeployLog(listener.getLogger(), action.logFile(), creds.secrets);
            this.cluster = creds.cluster;
            this.registryAuth = creds.registry;
        } catch (AbortException e) {
            finish(failure(MaskingDeployLog.withoutPrefix(e.getMessage())));
            throw e;
        }
    }

    static DeployRequest request(DeployOptions options, DeployServices services,
            java.util.function.UnaryOperator<String> expand, String buildUrl, String buildTag) throws AbortException {
        try {
            return options.toRequest(services.defaults().get(), expand, buildUrl, buildTag);
        } catch (DeployOptions.InvalidOptionException e) {
            throw new AbortException(MaskingDeployLog.PREFIX + e.getMessage());
        }
    }

    private record Credentials(ClusterCredentials cluster, RegistryAuth registry, Set<String> secrets) {}

    private static Credentials resolve(Run<?, ?> run, DeployOptions options, DeployRequest request,
            DeployServices services) throws AbortException {
        Set<String> secrets = new LinkedHashSet<>();
        RegistryAuth registry = RegistryAuth.none();
        String registryId = DeployOptions.trimToNull(options.registryCredentialsId);
        if (registryId != null) {
            String host = ImageTarget.registryOrDefault(request.registry());
            StandardUsernamePasswordCredentials c = services.credentials().find(registryId,
                    StandardUsernamePasswordCredentials.class, run, URIRequirementBuilder.fromUri("https://" + host).build());
            if (c == null) {
                throw new AbortException(MaskingDeployLog.PREFIX + "registry credentials '" + registryId
                        + "' not found: create a username/password credential with that ID that this job may use");
            }
            String password = Secret.toString(c.getPassword());
            secrets.add(password);
            registry = new RegistryAuth(c.getUsername(), password);
        }
        String clusterId = options.effectiveCredentialsId(services.defaults().get());
        StandardCredentials clusterCredential = null;
        if (clusterId != null) {
            String server = DeployOptions.trimToNull(options.serverUrl);
            List<DomainRequirement> requirements = server == null ? List.of() : URIRequirementBuilder.fromUri(server).build();
            clusterCredential = services.credentials().find(clusterId, StandardCredentials.class, run, requirements);
            if (clusterCredential == null) {
                throw new AbortException(MaskingDeployLog.PREFIX + "Kubernetes credentials '" + clusterId
                        + "' not found: use " + ClusterCredentialsMapper.SUPPORTED + " that this job may use");
            }
        }
        ClusterCredentials cluster;
        try {
            cluster = ClusterCredentialsMapper.map(clusterCredential, options.serverUrl, options.context);
        } catch (IOException e) {
            throw new AbortException(MaskingDeployLog.PREFIX + e.getMessage());
        }
        if (cluster instanceof ClusterCredentials.Token t) {
            secrets.add(t.token());
        } else if (cluster instanceof ClusterCredentials.Kubeconfig k) {
            secrets.addAll(KubeconfigText.secretValues(k.content()));
        }
        return new Credentials(cluster, registry, secrets);
    }

    /** Before {@link #resolveCredentials}: the cluster is not known yet. */
    boolean clusterUnresolved() {
        return cluster == null;
    }

    MaskingDeployLog log() {
        return log;
    }

    DeployAction action() {
        return action;
    }

    DeployRequest request() {
        return request;
    }

    /** Agent side, through remoting: spec and image. */
    Prepared prepare(FilePath workspace) throws IOException, InterruptedException, DeployException {
        log.linkLine("Deploying " + request.file() + (request.dryRun() ? " (dry run)" : "") + ": ",
                "/" + run.getUrl() + action.getUrlName(), "deploy page");
        PrepareOnAgent.Outcome outcome = workspace.act(new PrepareOnAgent(request, registryAuth, listener));
        outcome.lines().forEach(log::keepOnly);
        if (outcome.prepared() == null) {
            throw new DeployException(outcome.stage(), outcome.error());
        }
        prepared = outcome.prepared();
        action.preparing(serviceLabel(), prepared.spec().layerName(), prepared.imageReference(), prepared.digest());
        return prepared;
    }

    /** @param writing told once the lock is held and the first object is about to be written */
    Release release(Prepared p, Runnable writing) throws DeployException {
        DeployLog notifying = new DeployLog() {
            @Override
            public void line(String text) {
                log.line(text);
            }

            @Override
            public void writing() {
                writing.run();
            }
        };
        return services.engine().release(p, request, cluster, notifying);
    }

    CompletableFuture<DeployReport> awaitRollout(Release release) {
        return services.engine().awaitRollout(release, cluster, log);
    }

    DeployReport abort(Release release, String reason) {
        return services.engine().abort(release, cluster, reason, log);
    }

    String serviceLabel() {
        return prepared == null ? request.file()
                : prepared.spec().layerName() + "/" + prepared.spec().service().moduleName();
    }

    /** A report for a deploy that stopped before the rollout gate (invalid spec, push or apply failure). */
    DeployReport failure(String message, List<DeployReport.StageTiming> timings) {
        String namespace = prepared == null ? "" : prepared.spec().layerName();
        return new DeployReport(serviceLabel(), namespace, DeployReport.Outcome.FAILED, message,
                prepared == null ? null : prepared.imageReference(), prepared == null ? null : prepared.digest(),
                prepared == null ? null : prepared.dockerRepoUrl(), null, null, timings, List.of(), List.of(),
                List.of(), List.of(), List.of(), "", null, List.of(), null);
    }

    DeployReport failure(String message) {
        return failure(message, prepared == null ? List.of() : prepared.timings());
    }

    /** The engine's own report when it got as far as the cluster (what was applied, rolled back), else a short one. */
    DeployReport failure(DeployException e) {
        return e.report() != null ? e.report() : failure(e.getMessage());
    }

    /**
     * Records the result, masked, on the build (page, badge) and says it in the console with a link; once per deploy,
     * also across a restart (the report file is the record).
     */
    void finish(DeployReport report) {
        synchronized (action) {
            if (action.isFinished()) {
                return;
            }
            record(DeployAction.masked(report, log::mask));
        }
    }

    /** What a failed build says about the deploy: the report's summary, masked like the log. */
    AbortException failed(DeployReport report) {
        return new AbortException(MaskingDeployLog.PREFIX + log.mask(report.summary()));
    }

    private void record(DeployReport report) {
        try {
            action.complete(report);
        } catch (IOException e) {
            log.line("could not store the deploy report in the build directory: " + e.getMessage());
        }
        run.addAction(new DeployBadgeAction(report, action.getUrlName()));
        String verdict = switch (report.outcome()) {
            case SUCCEEDED -> "Deployed ";
            case DRY_RUN -> "Dry run of ";
            case ROLLED_BACK -> "Failed to deploy "; // the summary says what was rolled back
            case FAILED -> "Failed to deploy ";
        };
        log.linkLine(verdict + report.service() + " in namespace " + report.namespace() + ": " + report.summary()
                + " ", "/" + run.getUrl() + action.getUrlName(), "details");
    }
}
