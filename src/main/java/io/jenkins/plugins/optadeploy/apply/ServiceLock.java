package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A per-service deploy lock: a coordination.k8s.io/v1 Lease {@code opta-deploy-<service>} in the service's namespace.
 * Taking and renewing it use the Lease's resourceVersion (optimistic concurrency), so two deploys never both win.
 * While held, it is renewed every third of its duration by one scheduler thread shared by all locks in this JVM; a
 * lock whose holder stopped renewing (a killed deploy) is free once renewTime + leaseDurationSeconds has passed.
 * Expiry compares the holder's clock with ours: clocks skewed by more than the margin between renewals and the
 * lease duration could let a second deploy in early.
 */
public final class ServiceLock implements AutoCloseable {

    public static final Duration LEASE_DURATION = Duration.ofSeconds(30);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private static final ScheduledExecutorService RENEWER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "opta-deploy lease renewer");
        thread.setDaemon(true);
        return thread;
    });

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String holder;
    private final Duration leaseDuration;
    private final ApplyListener listener;
    private final ScheduledFuture<?> renewal;
    private final boolean namespaceCreated;
    private volatile boolean held = true;

    private ServiceLock(KubernetesClient client, String namespace, String name, String holder, Duration leaseDuration,
            ApplyListener listener, boolean namespaceCreated) {
        this.namespaceCreated = namespaceCreated;
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.holder = holder;
        this.leaseDuration = leaseDuration;
        this.listener = listener;
        long period = Math.max(1, leaseDuration.toMillis() / 3);
        this.renewal = RENEWER.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** The Lease name for a service: {@code opta-deploy-} and the service name made a valid DNS subdomain. */
    public static String leaseName(String service) {
        String sanitized = service.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        String name = "opta-deploy-" + (sanitized.isEmpty() ? "service" : sanitized);
        return name.length() <= 253 ? name : name.substring(0, 253).replaceAll("[^a-z0-9]+$", "");
    }

    /**
     * Takes the lock of {@code service} in {@code namespace} (creating the namespace if it is missing, never
     * deleting it: see {@link #namespaceCreated()}), waiting up to {@code maxWait} while another deploy holds it.
     *
     * @param holder who is deploying, shown to waiting deploys (e.g. "jenkins job web-deploy #42")
     * @throws LockTimeoutException when the lock stayed taken for {@code maxWait}
     * @throws LockRefusedException when the API server refuses the namespace or the Lease (RBAC)
     */
    public static ServiceLock acquire(KubernetesClient client, String namespace, String service, String holder,
            Duration maxWait, ApplyListener listener)
            throws LockTimeoutException, LockRefusedException, InterruptedException {
        return acquire(client, namespace, service, holder, maxWait, listener, LEASE_DURATION, POLL_INTERVAL);
    }

    static ServiceLock acquire(KubernetesClient client, String namespace, String service, String holder,
            Duration maxWait, ApplyListener listener, Duration leaseDuration, Duration pollInterval)
            throws LockTimeoutException, LockRefusedException, InterruptedException {
        Objects.requireNonNull(holder, "holder");
        String name = leaseName(service);
        Instant deadline = Instant.now().plus(maxWait);
        String announced = null;
        boolean namespaceCreated = LockNamespace.ensure(client, namespace);
        Resource<Lease> resource = client.resources(Lease.class).inNamespace(namespace).withName(name);
        while (true) {
            try {
                Lease lease = resource.get();
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                if (lease == null) {
                    client.resource(DeployLease.newLease(namespace, name, holder, leaseDuration, now)).create();
                    return taken(client, namespace, name, holder, leaseDuration, listener, null, namespaceCreated);
                }
                String current = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
                if (current == null || current.isEmpty() || current.equals(holder) || DeployLease.expired(lease, now)) {
                    DeployLease.take(lease, holder, leaseDuration, now);
                    client.resource(lease).update();
                    return taken(client, namespace, name, holder, leaseDuration, listener,
                            current == null || current.isEmpty() || current.equals(holder) ? null : current,
                            namespaceCreated);
                }
                String since = String.valueOf(lease.getSpec().getAcquireTime());
                if (!(current + since).equals(announced)) {
                    announced = current + since;
                    listener.progress("waiting for the deploy lock held by " + current + " since " + since
                            + " (Lease " + namespace + "/" + name + "; it expires " + DeployLease.expiry(lease)
                            + " unless that deploy renews it)");
                }
                if (!Instant.now().isBefore(deadline)) {
                    throw new LockTimeoutException("Another deploy of this service (" + current + ", since " + since
                            + ") still holds the deploy lock (Lease " + namespace + "/" + name + ") after waiting "
                            + maxWait.toSeconds() + " s. Wait for it to finish, or raise the lock wait; a killed "
                            + "deploy's lock frees itself at " + DeployLease.expiry(lease) + ".");
                }
            } catch (KubernetesClientException e) {
                // 409: someone else created or took it between our read and write; anything transient: try again
                if (e.getCode() != 409 && !Retrier.transient_(e)) {
                    throw refused(e, namespace, name);
                }
                if (!Instant.now().isBefore(deadline)) {
                    throw new LockTimeoutException("Could not take the deploy lock (Lease " + namespace + "/" + name
                            + ") within " + maxWait.toSeconds() + " s: " + Retrier.describe(e) + ".");
                }
            }
            long remaining = Duration.between(Instant.now(), deadline).toMillis();
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), remaining)));
        }
    }

    private static ServiceLock taken(KubernetesClient client, String namespace, String name, String holder,
            Duration leaseDuration, ApplyListener listener, String expiredHolder, boolean namespaceCreated) {
        if (expiredHolder != null) {
            listener.progress("took over the deploy lock from " + expiredHolder + ", whose lease had expired "
                    + "(that deploy was probably killed)");
        }
        listener.progress("acquired the deploy lock (Lease " + namespace + "/" + name + ")");
        return new ServiceLock(client, namespace, name, holder, leaseDuration, listener, namespaceCreated);
    }

    /** A refusal named with what the credential needs; a namespace-scoped one cannot create a missing namespace. */
    private static LockRefusedException refused(KubernetesClientException e, String namespace, String name) {
        String hint = e.getCode() == 403 || e.getCode() == 404
                ? " The deploy credential needs get, create and update on leases (coordination.k8s.io) in namespace "
                        + namespace + ", and the namespace must exist or the credential must be allowed to create it"
                        + " (a namespace-scoped credential cannot)."
                : "";
        ObjectRef lease = new ObjectRef("coordination.k8s.io/v1", "Lease", namespace, name);
        return new LockRefusedException(ApiErrors.describe("take the deploy lock", lease, namespace, e) + hint);
    }

    /** False once the lock was lost (another deploy took it after our renewals failed for a whole lease). */
    public boolean held() {
        return held;
    }

    public String holder() {
        return holder;
    }

    /**
     * Whether taking the lock created the namespace (a first install). The apply that follows then finds the
     * namespace existing, so the report must take "namespace created" from here.
     */
    public boolean namespaceCreated() {
        return namespaceCreated;
    }

    private void renew() {
        if (!held) {
            return;
        }
        try {
            Lease lease = client.resources(Lease.class).inNamespace(namespace).withName(name).get();
            if (lease == null || lease.getSpec() == null || !holder.equals(lease.getSpec().getHolderIdentity())) {
                held = false;
                renewal.cancel(false);
                listener.progress("lost the deploy lock (Lease " + namespace + "/" + name + ") to "
                        + (lease == null || lease.getSpec() == null ? "nobody (it was deleted)"
                                : lease.getSpec().getHolderIdentity()));
                return;
            }
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            lease.getSpec().setLeaseDurationSeconds((int) leaseDuration.toSeconds());
            client.resource(lease).update();
        } catch (RuntimeException e) {
            // transient: the next renewal tries again, well before the lease expires
        }
    }

    /** Releases the lock (clears the holder, so the next deploy need not wait for expiry). */
    @Override
    public void close() {
        renewal.cancel(false);
        if (!held) {
            return;
        }
        held = false;
        try {
            Lease lease = client.resources(Lease.class).inNamespace(namespace).withName(name).get();
            if (lease != null && lease.getSpec() != null && holder.equals(lease.getSpec().getHolderIdentity())) {
                lease.getSpec().setHolderIdentity(null);
                lease.getSpec().setRenewTime(null);
                lease.getSpec().setAcquireTime(null);
                client.resource(lease).update();
                listener.progress("released the deploy lock (Lease " + namespace + "/" + name + ")");
            }
        } catch (RuntimeException e) {
            listener.progress("could not release the deploy lock (Lease " + namespace + "/" + name
                    + "); it expires on its own within " + leaseDuration.toSeconds() + " s");
        }
    }
}
