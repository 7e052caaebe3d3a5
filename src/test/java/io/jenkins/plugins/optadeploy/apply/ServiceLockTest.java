package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServiceLockTest {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private MockCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Lease lease() {
        return client.resources(Lease.class).inNamespace("shop").withName("opta-deploy-web").get();
    }

    private ServiceLock acquire(String holder, Duration maxWait, List<String> log) throws Exception {
        return ServiceLock.acquire(client, "shop", "web", holder, maxWait, log::add, LEASE, POLL);
    }

    @Test
    void leaseNamesAreValidDnsNames() {
        assertThat(ServiceLock.leaseName("web")).isEqualTo("opta-deploy-web");
        assertThat(ServiceLock.leaseName("My_Service/v2")).isEqualTo("opta-deploy-my-service-v2");
        assertThat(ServiceLock.leaseName("x".repeat(300))).hasSize(253);
    }

    @Test
    void aSecondDeployWaitsWithAMessageUntilTheFirstReleases() throws Exception {
        List<String> firstLog = new CopyOnWriteArrayList<>();
        List<String> secondLog = new CopyOnWriteArrayList<>();
        ServiceLock first = acquire("build #1", Duration.ZERO, firstLog);
        assertThat(client.namespaces().withName("shop").get()).as("namespace created for the lease").isNotNull();
        assertThat(first.namespaceCreated()).isTrue();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("build #1");

        CompletableFuture<ServiceLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return acquire("build #2", Duration.ofSeconds(20), secondLog);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (secondLog.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(secondLog).singleElement().asString()
                .startsWith("waiting for the deploy lock held by build #1 since ");
        assertThat(second).isNotDone();

        first.close();

        try (ServiceLock taken = second.get(10, TimeUnit.SECONDS)) {
            assertThat(taken.held()).isTrue();
            assertThat(taken.namespaceCreated()).isFalse();
            assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("build #2");
            assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
        }
        assertThat(first.held()).isFalse();
        assertThat(firstLog).contains("released the deploy lock (Lease shop/opta-deploy-web)");
        assertThat(lease().getSpec().getHolderIdentity()).isNull();
    }

    @Test
    void givesUpAtItsDeadlineNamingTheHolder() throws Exception {
        try (ServiceLock first = acquire("build #1", Duration.ZERO, new CopyOnWriteArrayList<>())) {
            LockTimeoutException failure = catchThrowableOfType(LockTimeoutException.class,
                    () -> acquire("build #2", Duration.ofMillis(300), new CopyOnWriteArrayList<>()));

            assertThat(failure).hasMessageContaining("Another deploy of this service (build #1, since ")
                    .hasMessageContaining("a killed deploy's lock frees itself at");
            assertThat(first.held()).isTrue();
        }
    }

    @Test
    void aLockLeftByAKilledDeployIsTakenOverOnceExpired() throws Exception {
        ZonedDateTime longAgo = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(2);
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("shop").endMetadata().build()).create();
        client.resource(new LeaseBuilder().withNewMetadata().withNamespace("shop").withName("opta-deploy-web")
                .endMetadata().withNewSpec().withHolderIdentity("killed build #7").withLeaseDurationSeconds(30)
                .withAcquireTime(longAgo).withRenewTime(longAgo).withLeaseTransitions(3).endSpec().build()).create();
        List<String> log = new CopyOnWriteArrayList<>();

        try (ServiceLock lock = acquire("build #8", Duration.ZERO, log)) {
            assertThat(lock.held()).isTrue();
            assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("build #8");
            assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(4);
            assertThat(log).first().asString().startsWith("took over the deploy lock from killed build #7");
        }
    }

    @Test
    void twoRacingDeploysNeverBothWin() throws Exception {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("shop").endMetadata().build()).create();
        List<CompletableFuture<ServiceLock>> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String holder = "racer " + i;
            racers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return acquire(holder, Duration.ofMillis(500), new CopyOnWriteArrayList<>());
                } catch (LockTimeoutException e) {
                    return null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<ServiceLock> winners = new java.util.ArrayList<>();
        for (CompletableFuture<ServiceLock> racer : racers) {
            ServiceLock lock = racer.get(10, TimeUnit.SECONDS);
            if (lock != null) {
                winners.add(lock);
            }
        }
        assertThat(winners).hasSize(1);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(winners.get(0).holder());
        winners.get(0).close();
    }

    @Test
    void aHeldLockIsRenewedByTheSharedScheduler() throws Exception {
        try (ServiceLock lock = ServiceLock.acquire(client, "shop", "web", "build #1", Duration.ZERO,
                ApplyListener.SILENT, Duration.ofSeconds(3), POLL)) {
            ZonedDateTime firstRenewal = lease().getSpec().getRenewTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lease().getSpec().getRenewTime().equals(firstRenewal) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(lease().getSpec().getRenewTime()).isAfter(firstRenewal);
            assertThat(lock.held()).isTrue();
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("opta-deploy lease renewer"))
                    .hasSize(1);
        }
    }
}
