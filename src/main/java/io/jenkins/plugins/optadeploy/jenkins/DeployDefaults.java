package io.jenkins.plugins.optadeploy.jenkins;

/** Defaults from Manage Jenkins > System; every value may be null. */
record DeployDefaults(String registry, String credentialsId, Integer timeoutSeconds, Integer pushStallTimeoutSeconds,
        Integer lockWaitSeconds) {
    static final DeployDefaults NONE = new DeployDefaults(null, null, null, null, null);

    DeployDefaults(String registry, String credentialsId, Integer timeoutSeconds) {
        this(registry, credentialsId, timeoutSeconds, null, null);
    }
}
