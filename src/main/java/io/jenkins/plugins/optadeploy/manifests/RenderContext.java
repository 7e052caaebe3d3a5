package io.jenkins.plugins.optadeploy.manifests;

import java.util.Objects;

/**
 * What the build contributes to the rendered objects besides the spec.
 *
 * @param imageReference what the containers run: {@code localhost:5000/hello/hello@sha256:...} for {@code image: AUTO},
 *                       else the spec's external reference
 * @param imageDigest    {@code sha256:...} of the pushed image, or null when unknown (external image)
 * @param dockerRepoUrl  the AUTO repository without tag or digest ({@code localhost:5000/hello/hello}), or null
 * @param buildUrl       the build's URL, or null
 * @param buildTag       the build's tag such as {@code jenkins-job-42}, or null
 * @param deployedBy     the tool that renders, such as {@code opta-deploy/0.1.0}, or null
 */
public record RenderContext(
        String imageReference,
        String imageDigest,
        String dockerRepoUrl,
        String buildUrl,
        String buildTag,
        String deployedBy) {

    public RenderContext {
        Objects.requireNonNull(imageReference, "imageReference");
        if (imageReference.isBlank()) {
            throw new IllegalArgumentException("imageReference must not be blank");
        }
    }
}
