package io.jenkins.plugins.optadeploy.image;

import io.jenkins.plugins.optadeploy.spec.ImageReferences;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Where the image goes: {@code <registry>/<repository>:<tag>}. Every part is checked against the distribution reference
 * grammar, so a value can never smuggle a path, query or second reference into a registry URL.
 *
 * @param allowInsecure allow plain HTTP or unverified TLS to a non-loopback registry (loopback always may use HTTP)
 */
public record ImageTarget(String registry, String repository, String tag, boolean allowInsecure)
        implements Serializable {

    /** Opta's local registry: where {@code image: AUTO} goes when no registry is named (the one place that says so). */
    public static final String DEFAULT_REGISTRY = "localhost:5000";

    private static final Pattern REGISTRY = ImageReferences.DOMAIN;
    private static final Pattern REPOSITORY = ImageReferences.REPOSITORY;
    private static final Pattern TAG = ImageReferences.TAG;
    private static final int MAX_NAME_LENGTH = ImageReferences.NAME_MAX_LENGTH;

    public ImageTarget {
        registry = check("registry", registry, REGISTRY, "a host name or IP address with an optional :port");
        String addressProblem = RegistryAddress.problem(registry);
        if (addressProblem != null) {
            throw new IllegalArgumentException("invalid image registry: " + addressProblem);
        }
        repository = check("repository", repository, REPOSITORY,
                "lowercase letters and digits, separated by '.', '_', '__', '-' or '/'");
        tag = check("tag", tag, TAG, "up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "image name " + registry + "/" + repository + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** Opta's {@code image: AUTO} target: {@code <registry or localhost:5000>/<layer>/<module>:<tag>}. */
    public static ImageTarget auto(String registry, String layer, String module, String tag) {
        return new ImageTarget(registryOrDefault(registry), layer + "/" + module, tag, false);
    }

    /** The registry named, trimmed, else {@link #DEFAULT_REGISTRY}. */
    public static String registryOrDefault(String registry) {
        return registry == null || registry.isBlank() ? DEFAULT_REGISTRY : registry.trim();
    }

    public ImageTarget withAllowInsecure(boolean allow) {
        return new ImageTarget(registry, repository, tag, allow);
    }

    /** {@code registry/repository}: Opta's {@code docker_repo_url}. */
    public String repositoryUrl() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return repositoryUrl() + ":" + tag;
    }

    private static String check(String what, String value, Pattern pattern, String rule) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("image " + what + " is empty");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "invalid image " + what + " '" + printable(value) + "': expected " + rule);
        }
        return value;
    }

    // Keeps control characters out of messages that end up in build logs.
    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
