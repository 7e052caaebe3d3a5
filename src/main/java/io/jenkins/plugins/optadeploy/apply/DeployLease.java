package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.ZonedDateTime;

/** What a deploy lock's Lease says: who holds it since when, and when it frees itself if its holder stops renewing. */
final class DeployLease {
    private DeployLease() {}

    static Lease newLease(String namespace, String name, String holder, Duration duration, ZonedDateTime now) {
        return new LeaseBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "opta-deploy").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) duration.toSeconds())
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec()
                .build();
    }

    static void take(Lease lease, String holder, Duration duration, ZonedDateTime now) {
        boolean transition = !holder.equals(lease.getSpec().getHolderIdentity());
        lease.getSpec().setHolderIdentity(holder);
        lease.getSpec().setLeaseDurationSeconds((int) duration.toSeconds());
        lease.getSpec().setAcquireTime(now);
        lease.getSpec().setRenewTime(now);
        if (transition) {
            Integer transitions = lease.getSpec().getLeaseTransitions();
            lease.getSpec().setLeaseTransitions(transitions == null ? 1 : transitions + 1);
        }
    }

    static boolean expired(Lease lease, ZonedDateTime now) {
        ZonedDateTime expiry = expiryTime(lease);
        return expiry == null || expiry.isBefore(now);
    }

    private static ZonedDateTime expiryTime(Lease lease) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime()
                : lease.getSpec().getAcquireTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        return renewed == null || seconds == null ? null : renewed.plusSeconds(seconds);
    }

    static String expiry(Lease lease) {
        ZonedDateTime expiry = expiryTime(lease);
        return expiry == null ? "now" : "at " + expiry;
    }
}
