package io.jenkins.plugins.optadeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the three local image formats without extracting them: a docker-archive tar (docker save, kaniko, buildah;
 * recognised by {@code manifest.json}), an OCI archive tar and an OCI layout directory (recognised by
 * {@code index.json}). Tar entries are read in place.
 */
final class ImageArchiveReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private ImageArchiveReader() {}

    static LocalImage open(Path path) throws ImagePushException {
        if (Files.isDirectory(path)) {
            return fromEntries(path.toString(), new ArchiveEntries.Directory(path));
        }
        if (!Files.isReadable(path)) {
            throw new ImagePushException("Image archive " + path + " does not exist or is not readable.");
        }
        TarIndex tar;
        try {
            tar = TarIndex.open(path);
        } catch (IOException | RuntimeException e) {
            throw corrupt(path.toString(), "it is not a tar archive (" + e.getMessage() + ")");
        }
        try {
            return fromEntries(path.toString(), new ArchiveEntries.Tar(tar));
        } catch (ImagePushException | RuntimeException e) {
            closeQuietly(tar);
            throw e;
        }
    }

    private static LocalImage fromEntries(String where, ArchiveEntries entries) throws ImagePushException {
        try {
            if (entries.exists("manifest.json")) {
                return dockerArchive(where, entries);
            }
            if (entries.exists("index.json")) {
                return ociLayout(where, entries);
            }
        } catch (IOException e) {
            throw corrupt(where, e.getMessage());
        }
        throw corrupt(where, "it has neither manifest.json (docker-archive) nor index.json (OCI layout)");
    }

    private static LocalImage dockerArchive(String where, ArchiveEntries entries) throws IOException, ImagePushException {
        JsonNode manifest = readJson(entries, "manifest.json");
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw corrupt(where, "manifest.json lists no image");
        }
        if (manifest.size() > 1) {
            throw new ImagePushException("Image archive " + where + " holds " + manifest.size()
                    + " images; save only the image to deploy.");
        }
        JsonNode image = manifest.get(0);
        byte[] config = readBytes(entries, image.path("Config").asText());
        List<DescriptorDigest> diffIds = diffIds(where, config);
        JsonNode layerPaths = image.path("Layers");
        if (layerPaths.size() != diffIds.size()) {
            throw corrupt(where, "manifest.json lists " + layerPaths.size() + " layers but the config has "
                    + diffIds.size());
        }
        List<LocalImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String name = layerPaths.get(i).asText();
            if (!entries.exists(name)) {
                throw corrupt(where, "layer " + name + " is missing");
            }
            layers.add(new LocalImage.Layer(i, diffIds.get(i), null, entries.file(name), entries.size(name),
                    content(entries, name)));
        }
        return new LocalImage(config, false, List.copyOf(layers), entries);
    }

    private static LocalImage ociLayout(String where, ArchiveEntries entries) throws IOException, ImagePushException {
        JsonNode manifest = imageManifest(where, entries, readJson(entries, "index.json"));
        JsonNode configDescriptor = manifest.path("config");
        byte[] config = readBytes(entries, blobPath(where, configDescriptor));
        List<DescriptorDigest> diffIds = diffIds(where, config);
        JsonNode descriptors = manifest.path("layers");
        if (descriptors.size() != diffIds.size()) {
            throw corrupt(where, "the manifest lists " + descriptors.size() + " layers but the config has "
                    + diffIds.size());
        }
        List<LocalImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            JsonNode descriptor = descriptors.get(i);
            String name = blobPath(where, descriptor);
            if (!entries.exists(name)) {
                throw corrupt(where, "layer blob " + name + " is missing");
            }
            layers.add(new LocalImage.Layer(
                    i, diffIds.get(i), digest(where, descriptor.path("digest").asText()), entries.file(name),
                    entries.size(name), content(entries, name)));
        }
        return new LocalImage(config, true, List.copyOf(layers), entries);
    }

    /** Follows index.json (and nested indexes) to the one image manifest, preferring linux/amd64 among several. */
    private static JsonNode imageManifest(String where, ArchiveEntries entries, JsonNode index)
            throws IOException, ImagePushException {
        JsonNode manifests = index.path("manifests");
        if (manifests.isEmpty()) {
            throw corrupt(where, "index.json lists no manifest");
        }
        JsonNode chosen = manifests.get(0);
        if (manifests.size() > 1) {
            chosen = null;
            for (JsonNode candidate : manifests) {
                JsonNode platform = candidate.path("platform");
                if (platform.path("os").asText().equals("linux")
                        && platform.path("architecture").asText().equals("amd64")) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                throw new ImagePushException("Image archive " + where + " holds " + manifests.size()
                        + " images and none is for linux/amd64; save only the image to deploy.");
            }
        }
        JsonNode manifest = readJson(entries, blobPath(where, chosen));
        String mediaType = manifest.path("mediaType").asText(chosen.path("mediaType").asText());
        if (mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST) || manifest.has("manifests")) {
            return imageManifest(where, entries, manifest);
        }
        return manifest;
    }

    private static List<DescriptorDigest> diffIds(String where, byte[] config) throws IOException, ImagePushException {
        JsonNode ids = JSON.readTree(config).path("rootfs").path("diff_ids");
        if (!ids.isArray()) {
            throw corrupt(where, "the image config has no rootfs.diff_ids");
        }
        List<DescriptorDigest> result = new ArrayList<>();
        for (JsonNode id : ids) {
            result.add(digest(where, id.asText()));
        }
        return result;
    }

    private static String blobPath(String where, JsonNode descriptor) throws ImagePushException {
        DescriptorDigest digest = digest(where, descriptor.path("digest").asText());
        return "blobs/sha256/" + digest.getHash();
    }

    private static DescriptorDigest digest(String where, String value) throws ImagePushException {
        try {
            return DescriptorDigest.fromDigest(value);
        } catch (DigestException e) {
            throw corrupt(where, "'" + value + "' is not a sha256 digest");
        }
    }

    private static JsonNode readJson(ArchiveEntries entries, String name) throws IOException {
        return JSON.readTree(readBytes(entries, name));
    }

    private static byte[] readBytes(ArchiveEntries entries, String name) throws IOException {
        if (name.isEmpty() || !entries.exists(name)) {
            throw new IOException("entry '" + name + "' is missing");
        }
        try (InputStream in = entries.open(name)) {
            return in.readAllBytes();
        }
    }

    private static LocalImage.Content content(ArchiveEntries entries, String name) {
        return () -> entries.open(name);
    }

    static ImagePushException corrupt(String where, String detail) {
        return new ImagePushException("Image archive " + where + " is unreadable or corrupt: " + detail + ".");
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }
}
