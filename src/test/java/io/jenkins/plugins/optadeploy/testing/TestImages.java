package io.jenkins.plugins.optadeploy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds image tarballs for tests and benchmarks, never downloading anything: deterministic for a given seed, of about
 * the size asked, in the formats build tools write. Content is half text, half random bytes, so it compresses about
 * as much as real layers do.
 */
public final class TestImages {
    private static final int LAYERS = 2;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo"};

    private TestImages() {}

    /** An image as written: its config bytes and, per layer, the uncompressed tar. */
    public record Image(byte[] config, List<byte[]> layerTars) {
        public String configDigest() {
            return sha256(config);
        }

        public List<String> diffIds() {
            return layerTars.stream().map(TestImages::sha256).toList();
        }
    }

    /** A deterministic image of about {@code bytes} uncompressed bytes in two layers. */
    public static Image image(long bytes, long seed) throws IOException {
        Random random = new Random(seed);
        List<byte[]> layers = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            layers.add(layerTar(random, "layer" + i, bytes / LAYERS));
        }
        return new Image(config(layers, seed), List.copyOf(layers));
    }

    /** {@code docker save} format: manifest.json, config, one uncompressed layer.tar per layer. */
    public static Path dockerArchive(Path tarball, Image image) throws IOException {
        return dockerArchive(tarball, image, false);
    }

    /** docker-archive whose layers are gzip-compressed, as kaniko's --tar-path writes them. */
    public static Path dockerArchiveGzipLayers(Path tarball, Image image) throws IOException {
        return dockerArchive(tarball, image, true);
    }

    private static Path dockerArchive(Path tarball, Image image, boolean gzip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String configName = image.configDigest().substring("sha256:".length()) + ".json";
        entries.put(configName, image.config());
        StringBuilder layerNames = new StringBuilder();
        for (int i = 0; i < image.layerTars().size(); i++) {
            byte[] stored = gzip ? gzip(image.layerTars().get(i)) : image.layerTars().get(i);
            String name = "layer" + i + (gzip ? "/layer.tar.gz" : "/layer.tar");
            entries.put(name, stored);
            layerNames.append(i == 0 ? "" : ",").append('"').append(name).append('"');
        }
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"test/app:1\"],\"Layers\":["
                + layerNames + "]}]";
        entries.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        writeTar(tarball, entries);
        return tarball;
    }

    /** An OCI image layout directory with gzip layers. */
    public static Path ociLayout(Path directory, Image image) throws IOException {
        for (Map.Entry<String, byte[]> entry : ociEntries(image).entrySet()) {
            Path file = directory.resolve(entry.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        return directory;
    }

    /** The OCI layout as one tar (an "oci-archive"). */
    public static Path ociArchive(Path tarball, Image image) throws IOException {
        writeTar(tarball, ociEntries(image));
        return tarball;
    }

    /** The digest of the gzip blob {@link #ociLayout} stores for a layer. */
    public static String ociLayerDigest(Image image, int layer) throws IOException {
        return sha256(gzip(image.layerTars().get(layer)));
    }

    private static Map<String, byte[]> ociEntries(Image image) throws IOException {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < image.layerTars().size(); i++) {
            byte[] blob = gzip(image.layerTars().get(i));
            blobs.put(blobPath(blob), blob);
            layers.append(i == 0 ? "" : ",")
                    .append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", blob));
        }
        blobs.put(blobPath(image.config()), image.config());
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", image.config())
                + ",\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
        blobs.put(blobPath(manifest), manifest);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + sha256(manifest) + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1\"}}]}";
        entries.put("index.json", index.getBytes(StandardCharsets.UTF_8));
        entries.putAll(blobs);
        return entries;
    }

    private static String descriptor(String mediaType, byte[] blob) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + sha256(blob) + "\",\"size\":" + blob.length + "}";
    }

    private static String blobPath(byte[] blob) {
        return "blobs/sha256/" + sha256(blob).substring("sha256:".length());
    }

    private static byte[] config(List<byte[]> layers, long seed) {
        StringBuilder diffIds = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            diffIds.append(i == 0 ? "" : ",").append('"').append(sha256(layers.get(i))).append('"');
        }
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\","
                + "\"config\":{\"Env\":[\"PATH=/usr/local/bin:/usr/bin:/bin\",\"SEED=" + seed + "\"],"
                + "\"Cmd\":[\"/app/run\"],\"ExposedPorts\":{\"80/tcp\":{}}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] layerTar(Random random, String directory, long bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) bytes + 64 * 1024);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            long left = bytes;
            for (int file = 0; left > 0; file++) {
                int size = (int) Math.min(left, 1 << 20);
                byte[] content = fileContent(random, size);
                TarArchiveEntry entry = new TarArchiveEntry(directory + "/file" + file + ".dat");
                entry.setSize(content.length);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
                left -= size;
            }
        }
        return buffer.toByteArray();
    }

    private static byte[] fileContent(Random random, int size) {
        byte[] content = new byte[size];
        int half = size / 2;
        byte[] noise = new byte[half];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, content, 0, half);
        StringBuilder text = new StringBuilder(size - half + 16);
        while (text.length() < size - half) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, content, half, size - half);
        return content;
    }

    private static void writeTar(Path tarball, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(tarball);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(entry.getValue().length);
                tarEntry.setModTime(0);
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
