package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.image.ImageSource;
import io.jenkins.plugins.optadeploy.image.ImageTarget;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.spec.ServiceSpec;
import io.jenkins.plugins.optadeploy.spec.WorkspaceFiles;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the build's image comes from and where {@code image: AUTO} sends it, from the request and the spec. The one
 * place for these rules, so the Pipeline step, the freestyle step and every CLI command apply the same ones.
 */
final class ImageSelection {
    private static final String LATEST = "latest";

    private ImageSelection() {}

    /** Exactly one of localImage, imageArchive, sourceImage; null when none is given. */
    static ImageSource source(Path workspace, DeployRequest request, RegistryAuth auth) throws DeployException {
        long given = Stream.of(request.localImage(), request.imageArchive(), request.sourceImage())
                .filter(ImageSelection::present).count();
        if (given > 1) {
            throw new DeployException(Stage.IMAGE,
                    "give only one of localImage, imageArchive and sourceImage: they all name the image to push");
        }
        if (present(request.localImage())) {
            return new ImageSource.DockerDaemon(request.localImage().trim());
        }
        if (present(request.imageArchive())) {
            return new ImageSource.Archive(archive(workspace, request.imageArchive().trim()));
        }
        if (present(request.sourceImage())) {
            String reference = request.sourceImage().trim();
            // the registry credentials belong to the AUTO registry; send them to the source only when it is the same host
            boolean sameRegistry = reference.startsWith(registry(request) + "/");
            return new ImageSource.Registry(reference, sameRegistry ? auth : RegistryAuth.none());
        }
        return null;
    }

    /** The image archive, confined to the workspace (symbolic links included) by the rule the spec file follows. */
    private static Path archive(Path workspace, String name) throws DeployException {
        try {
            return new WorkspaceFiles(workspace).resolveFileOrDirectory(name).path();
        } catch (WorkspaceFiles.Refused e) {
            throw new DeployException(Stage.IMAGE, "image archive: " + e.getMessage());
        }
    }

    static ImageTarget target(ServiceSpec spec, DeployRequest request) throws DeployException {
        try {
            return ImageTarget.auto(registry(request), spec.layerName(), spec.service().moduleName(), tag(request))
                    .withAllowInsecure(request.insecureRegistry());
        } catch (IllegalArgumentException e) {
            throw new DeployException(Stage.IMAGE, e.getMessage());
        }
    }

    /**
     * The push tag: the one asked for, else the build tag made tag-safe, else the tag of the local or source image
     * (as Opta pushes a local image), else {@code latest}.
     */
    static String tag(DeployRequest request) {
        if (present(request.tag())) {
            return request.tag().trim();
        }
        if (present(request.buildTag())) {
            String safe = request.buildTag().trim().replaceAll("[^A-Za-z0-9_.-]", "-").replaceAll("^[.-]+", "");
            return safe.isEmpty() ? LATEST : safe.substring(0, Math.min(128, safe.length()));
        }
        String source = present(request.localImage()) ? request.localImage().trim()
                : present(request.sourceImage()) ? request.sourceImage().trim() : null;
        if (source == null || source.contains("@")) {
            return LATEST;
        }
        int colon = source.lastIndexOf(':');
        return colon > source.lastIndexOf('/') ? source.substring(colon + 1) : LATEST;
    }

    /** The AUTO registry, lower-cased (host names are case-insensitive): as the request names it, else the default. */
    static String registry(DeployRequest request) {
        return ImageTarget.registryOrDefault(request.registry()).toLowerCase(Locale.ROOT);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
