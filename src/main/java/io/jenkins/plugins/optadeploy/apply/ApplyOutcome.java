package io.jenkins.plugins.optadeploy.apply;

import java.io.Serializable;

/** The result of an apply and the live state before it, which {@link Applier#rollback} needs. */
public record ApplyOutcome(ApplyResult result, ClusterSnapshot snapshot) implements Serializable {
}
