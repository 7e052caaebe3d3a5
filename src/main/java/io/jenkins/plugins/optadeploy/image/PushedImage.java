package io.jenkins.plugins.optadeploy.image;

import java.io.Serializable;

/**
 * What was pushed.
 *
 * @param repository {@code registry/repository}, Opta's {@code docker_repo_url}
 * @param tag the tag pushed
 * @param digest the manifest digest, {@code sha256:...}
 */
public record PushedImage(String repository, String tag, String digest) implements Serializable {

    /** The reference a deployment pins: {@code <repository>@<digest>}. */
    public String reference() {
        return repository + "@" + digest;
    }

    /** Opta's {@code docker_repo_url} output. */
    public String dockerRepoUrl() {
        return repository;
    }
}
