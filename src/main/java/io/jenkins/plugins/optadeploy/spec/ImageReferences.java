package io.jenkins.plugins.optadeploy.spec;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The distribution reference grammar (github.com/distribution/reference) with Docker's normalization, which is how the
 * kubelet reads a container's image. The one implementation for both an {@code image:} of the spec and the push target.
 */
public final class ImageReferences {
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    /** A registry: host name, IPv4 or bracketed IPv6 address, optional port. */
    public static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    /** The repository path below the registry. */
    public static final Pattern REPOSITORY = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    public static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    /** Registry, '/' and repository together. */
    public static final int NAME_MAX_LENGTH = 255;

    private static final Pattern DIGEST = Pattern.compile(
            "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    /** The algorithms go-digest knows, with the length of their lowercase hex encoding. */
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");
    private static final String DEFAULT_DOMAIN = "docker.io";

    private ImageReferences() {}

    /** Why {@code reference} is not an image the kubelet can pull, or null when it is one. */
    public static String problem(String reference) {
        if (reference.isEmpty()) {
            return "the image is empty";
        }
        if (IMAGE_ID.matcher(reference).matches()) {
            return "a 64-character hexadecimal image ID is not a reference: name the repository";
        }
        String name = reference;
        int at = reference.indexOf('@');
        if (at >= 0) {
            String digestProblem = digestProblem(reference.substring(at + 1));
            if (digestProblem != null) {
                return digestProblem;
            }
            name = reference.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            String tag = name.substring(colon + 1);
            if (tag.isEmpty()) {
                return "nothing follows ':', so the tag is empty (from an empty variable?)";
            }
            if (!TAG.matcher(tag).matches()) {
                return tag.length() > 128 ? "the tag has " + tag.length() + " characters, at most 128 are allowed"
                        : "the tag may have only letters, digits, '_', '.' and '-', not starting with '.' or '-'";
            }
            name = name.substring(0, colon);
        }
        return nameProblem(name);
    }

    /** Docker's split: the first part is a registry only when it has a '.' or ':', is localhost, or is not lowercase. */
    private static String nameProblem(String name) {
        int slash = name.indexOf('/');
        String first = slash < 0 ? null : name.substring(0, slash);
        boolean registry = first != null && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.toLowerCase(Locale.ROOT).equals(first));
        String domain = registry ? first : DEFAULT_DOMAIN;
        String repository = registry ? name.substring(slash + 1) : name;
        if (registry && !DOMAIN.matcher(domain).matches()) {
            return "'" + domain + "' is not a registry host name";
        }
        if (!REPOSITORY.matcher(repository).matches()) {
            return !repository.toLowerCase(Locale.ROOT).equals(repository)
                    ? "the repository must be lowercase ('" + repository + "')"
                    : "the repository is lowercase letters and digits separated by '/', '.', '_', '__' or '-'";
        }
        String normalized = domain + "/" + (registry || repository.contains("/") ? "" : "library/") + repository;
        if (normalized.length() > NAME_MAX_LENGTH) {
            return "the name is longer than " + NAME_MAX_LENGTH + " characters";
        }
        return null;
    }

    private static String digestProblem(String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            return "'@" + digest + "' is not a digest (@sha256: and 64 hexadecimal digits)";
        }
        String algorithm = digest.substring(0, digest.indexOf(':'));
        String encoded = digest.substring(digest.indexOf(':') + 1);
        Integer length = DIGEST_LENGTHS.get(algorithm);
        if (length == null) {
            return "'" + algorithm + "' is not a digest algorithm: use sha256";
        }
        if (encoded.length() != length || !encoded.equals(encoded.toLowerCase(Locale.ROOT))) {
            return "a " + algorithm + " digest has exactly " + length + " lowercase hexadecimal digits";
        }
        return null;
    }
}
