package io.jenkins.plugins.optadeploy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the shaded {@code opta-deploy-cli.jar} carries besides classes: one Jackson, every library's licence. */
class CliJarPackageIT {
    private static final Path JAR = Path.of(System.getProperty("opta.cli.jar", "target/opta-deploy-cli.jar"));
    private static final String JACKSON = System.getProperty("opta.jackson.version");

    /**
     * Shading keeps one copy of each class, so two Jackson versions in the dependency tree silently become a mix of
     * both. Since Jackson 2.20, jackson-annotations is versioned by minor release only (2.22 beside 2.22.1).
     */
    @Test
    void everyJacksonModuleIsOfOneVersion() throws IOException {
        Map<String, String> versions = jacksonVersions();

        assertThat(versions).containsKeys("jackson-core", "jackson-databind", "jackson-annotations",
                "jackson-dataformat-yaml", "jackson-datatype-jsr310");
        String minor = JACKSON.substring(0, JACKSON.lastIndexOf('.'));
        versions.forEach((module, version) -> assertThat(version).as(module + " in the CLI jar: " + versions)
                .isEqualTo(module.equals("jackson-annotations") && !version.equals(JACKSON) ? minor : JACKSON));
    }

    /** Libraries share META-INF/LICENSE.txt; the CLI jar keeps all of them, not the first jar's. */
    @Test
    void theLicencesOfLibrariesSharingAFileNameAreAllKept() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String licenceTxt = text(jar, "META-INF/LICENSE.txt");
            String licence = text(jar, "META-INF/LICENSE");
            String notice = text(jar, "META-INF/NOTICE");

            assertThat(licenceTxt).as("slf4j and checker-qual (MIT), commons-* (Apache)")
                    .contains("Permission is hereby granted, free of charge", "Apache License");
            assertThat(licence).contains("Apache License");
            assertThat(notice).contains("Apache HttpCore", "Jackson", "Apache Commons Codec");
        }
    }

    private static Map<String, String> jacksonVersions() throws IOException {
        Map<String, String> versions = new TreeMap<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("META-INF/maven/com.fasterxml.jackson") && n.endsWith("/pom.properties"))
                    .forEach(n -> {
                        Properties p = new Properties();
                        try (InputStream in = jar.getInputStream(jar.getEntry(n))) {
                            p.load(in);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        versions.put(p.getProperty("artifactId"), p.getProperty("version"));
                    });
        }
        return versions;
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
