package io.jenkins.plugins.optadeploy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import hudson.Extension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.yaml.snakeyaml.Yaml;

/** The built .hpi is what real Jenkins 2.541.3 loads: the right manifest, the plugin jar with its indexes, no provided jars. */
class HpiPackageIT {
    private static final Path HPI = Path.of(System.getProperty("opta.hpi", "target/opta-deploy.hpi"));
    private static final Path CLASSES = Path.of("target", "classes");
    /** Jars that Jenkins core or a dependency plugin provides; bundling them would shadow or clash. */
    private static final List<String> PROVIDED_JAR_PREFIXES = List.of("kubernetes-", "snakeyaml", "jackson-", "okhttp",
            "okio", "guava", "slf4j", "zjsonpatch", "jenkins-core", "stapler", "sezpoz", "jakarta.servlet", "picocli",
            "kotlin-stdlib");
    private static final String JDK_HTTP_CLIENT =
            "kubernetes-httpclient-jdk-" + System.getProperty("opta.fabric8.version") + ".jar";
    private static final Set<String> SURFACE_PREFIXES = Set.of("hudson/", "jenkins/", "org/kohsuke/stapler/",
            "org/jenkinsci/Symbol", "org/jenkinsci/plugins/", "com/cloudbees/plugins/credentials/", "net/java/sezpoz/");

    private static Manifest manifest;
    private static List<String> libs;
    private static Path pluginJar;

    @BeforeAll
    static void unpack() throws IOException {
        assertThat(HPI).as("run `mvn package` first").exists();
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            manifest = hpi.getManifest();
            libs = hpi.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/")).filter(n -> n.endsWith(".jar"))
                    .map(n -> n.substring("WEB-INF/lib/".length())).sorted().toList();
            pluginJar = Files.createTempFile("opta-deploy", ".jar");
            try (InputStream in = hpi.getInputStream(hpi.getEntry("WEB-INF/lib/opta-deploy.jar"))) {
                Files.copy(in, pluginJar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void manifestCarriesWhatMavenHpiPluginWrites() {
        Attributes a = manifest.getMainAttributes();
        assertThat(a.getValue("Manifest-Version")).isEqualTo("1.0");
        assertThat(a.getValue("Short-Name")).isEqualTo("opta-deploy");
        assertThat(a.getValue("Extension-Name")).as("maven-hpi-plugin no longer writes it").isNull();
        assertThat(a.getValue("Artifact-Id")).isEqualTo("opta-deploy");
        assertThat(a.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
        assertThat(a.getValue("Long-Name")).isNotBlank();
        assertThat(a.getValue("Plugin-Version")).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(a.getValue("Implementation-Version")).isEqualTo(a.getValue("Plugin-Version"));
        assertThat(a.getValue("Jenkins-Version")).isEqualTo("2.541.3");
        assertThat(a.getValue("Minimum-Java-Version")).as("maven-hpi-plugin no longer writes it").isNull();
        assertThat(a.getValue("Url")).startsWith("https://");
        assertThat(a.getValue("Plugin-Developers")).matches("[^:]+:[^:]*:[^:]*(,[^:]+:[^:]*:[^:]*)*");
        assertThat(a.getValue("Plugin-License-Name")).isNotBlank();
        assertThat(a.getValue("Plugin-License-Url")).startsWith("https://");
        assertThat(a.getValue("Support-Dynamic-Loading"))
                .as("written only when every extension says whether it loads dynamically; none of ours does").isNull();
        String deps = a.getValue("Plugin-Dependencies");
        assertThat(deps).matches("[a-z0-9-]+:[A-Za-z0-9._-]+(;resolution:=optional)?(,[a-z0-9-]+:[A-Za-z0-9._-]+(;resolution:=optional)?)*");
        Set<String> names = Arrays.stream(deps.split(",")).map(d -> d.substring(0, d.indexOf(':'))).collect(Collectors.toSet());
        assertThat(names).contains("workflow-step-api", "credentials", "plain-credentials", "kubernetes-client-api",
                "kubernetes-credentials", "snakeyaml-api", "structs");
    }

    /** The README's table says why each minimum is the lowest; the manifest must name exactly those versions. */
    @Test
    void pluginDependenciesAreTheLowestVersionsTheReadmeJustifies() throws IOException {
        Map<String, String> declared = new LinkedHashMap<>();
        for (String d : manifest.getMainAttributes().getValue("Plugin-Dependencies").split(",")) {
            declared.put(d.substring(0, d.indexOf(':')), d.substring(d.indexOf(':') + 1));
        }
        Map<String, String> justified = readmePluginDependencies();
        assertThat(declared).isEqualTo(justified);
        assertThat(justified.get("kubernetes-client-api")).as("bundles the fabric8 we compile against")
                .startsWith(libraryVersion(KubernetesClient.class, "io.fabric8", "kubernetes-client-api") + "-");
        assertThat(justified.get("snakeyaml-api")).as("bundles the snakeyaml we compile against")
                .startsWith(libraryVersion(Yaml.class, "org.yaml", "snakeyaml") + "-");
        assertThat(justified.get("jackson2-api")).as("bundles the Jackson fabric8 compiles against")
                .startsWith(libraryVersion(JsonFactory.class, "com.fasterxml.jackson.core", "jackson-core") + "-");
    }

    /** plugin -> version, from the table under "### Plugin-Dependencies" in README.md. */
    private static Map<String, String> readmePluginDependencies() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int heading = lines.indexOf("### Plugin-Dependencies");
        assertThat(heading).as("README.md has a Plugin-Dependencies section").isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        Pattern cell = Pattern.compile("(?<!\\\\)\\|");
        int i = heading + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = cell.split(lines.get(i));
            rows.put(cells[1].strip(), cells[2].strip());
        }
        assertThat(rows).as("rows of the Plugin-Dependencies table").isNotEmpty();
        return rows;
    }

    /** The version Maven recorded in the jar that holds {@code anchor} on the compile class path. */
    private static String libraryVersion(Class<?> anchor, String groupId, String artifactId) throws IOException {
        String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    /** Jenkins' class filter trusts only classes from a jar whose own manifest names the plugin. */
    @Test
    void pluginJarCarriesThePluginManifest() throws IOException {
        Attributes plugin = manifest.getMainAttributes();
        Attributes inner;
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            inner = jar.getManifest().getMainAttributes();
        }
        for (String name : List.of("Short-Name", "Long-Name", "Group-Id", "Artifact-Id", "Plugin-Version",
                "Jenkins-Version", "Url", "Plugin-Dependencies", "Plugin-Developers", "Plugin-License-Name",
                "Plugin-License-Url", "Implementation-Version")) {
            assertThat(inner.getValue(name)).as(name).isNotBlank().isEqualTo(plugin.getValue(name));
        }
    }

    @Test
    void bundledJdkHttpClientRegistersNoServiceAndTheIconsAreThere() throws IOException {
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            assertThat(hpi.getEntry("images/deploy-succeeded.svg")).isNotNull();
            assertThat(hpi.getEntry("images/deploy-failed.svg")).isNotNull();
            List<String> entries = new ArrayList<>();
            try (JarInputStream jar = new JarInputStream(hpi.getInputStream(hpi.getEntry("WEB-INF/lib/" + JDK_HTTP_CLIENT)))) {
                for (ZipEntry e; (e = jar.getNextJarEntry()) != null; ) {
                    entries.add(e.getName());
                }
            }
            assertThat(entries).anyMatch(n -> n.endsWith("JdkHttpClientFactory.class"))
                    .noneMatch(n -> n.startsWith("META-INF/services/"));
        }
    }

    @Test
    void bundlesThePluginJarAndNoJarThatJenkinsOrADependencyPluginProvides() {
        assertThat(libs).contains("opta-deploy.jar").anyMatch(l -> l.startsWith("jib-core-"))
                .as("fabric8's JDK HTTP client, which kubernetes-client-api does not bundle")
                .contains(JDK_HTTP_CLIENT);
        for (String lib : libs.stream().filter(l -> !l.equals(JDK_HTTP_CLIENT)).toList()) {
            assertThat(PROVIDED_JAR_PREFIXES).as("WEB-INF/lib/" + lib + " is provided by Jenkins or a plugin")
                    .noneMatch(lib::startsWith);
        }
    }

    @Test
    void noClassOfTheApiSurfaceIsInside() throws IOException {
        List<String> leaked = new ArrayList<>();
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            for (String lib : libs) {
                try (JarInputStream jar = new JarInputStream(hpi.getInputStream(hpi.getEntry("WEB-INF/lib/" + lib)))) {
                    for (ZipEntry e; (e = jar.getNextJarEntry()) != null; ) {
                        String n = e.getName();
                        if (n.endsWith(".class") && SURFACE_PREFIXES.stream().anyMatch(n::startsWith)) {
                            leaked.add(lib + "!/" + n);
                        }
                    }
                }
            }
        }
        assertThat(leaked).isEmpty();
    }

    @Test
    void extensionIndexListsEveryExtensionOfThePlugin() throws Exception {
        Set<String> indexed = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {pluginJar.toUri().toURL()}, getClass().getClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                indexed.add(item.className() + (item.memberName() == null ? "" : "#" + item.memberName()));
            }
        }
        Set<String> annotated = new TreeSet<>();
        for (Class<?> c : pluginClasses()) {
            if (c.isAnnotationPresent(Extension.class)) {
                annotated.add(c.getName());
            }
            for (AnnotatedElement m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Extension.class)) {
                    annotated.add(c.getName() + "#" + ((java.lang.reflect.Method) m).getName());
                }
            }
        }
        assertThat(indexed).isEqualTo(annotated);
    }

    @Test
    void symbolIndexAndStaplerConstructorMetadataAreGenerated() throws Exception {
        Set<String> symbols = new TreeSet<>();
        List<String> missingStapler = new ArrayList<>();
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            ZipEntry index = jar.getEntry("META-INF/services/annotations/org.jenkinsci.Symbol");
            Set<String> listed = index == null ? Set.of()
                    : new TreeSet<>(Arrays.asList(new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8)
                            .split("\n")));
            for (Class<?> c : pluginClasses()) {
                if (c.isAnnotationPresent(Symbol.class)) {
                    symbols.add(c.getName());
                }
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                        ZipEntry meta = jar.getEntry(c.getName().replace('.', '/') + ".stapler");
                        String names = Arrays.stream(k.getParameters()).map(java.lang.reflect.Parameter::getName)
                                .collect(Collectors.joining(","));
                        if (meta == null || !new String(jar.getInputStream(meta).readAllBytes(), StandardCharsets.ISO_8859_1)
                                .contains("constructor=" + names)) {
                            missingStapler.add(c.getName());
                        }
                    }
                }
            }
            assertThat(listed).isEqualTo(symbols);
        }
        assertThat(missingStapler).as("@DataBoundConstructor classes without .stapler metadata").isEmpty();
    }

    private static List<Class<?>> pluginClasses() throws IOException {
        Path root = CLASSES.resolve("io/jenkins/plugins/optadeploy");
        try (Stream<Path> files = Files.walk(root)) {
            List<Class<?>> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    out.add(Class.forName(name, false, HpiPackageIT.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name, e);
                }
            }
            return out;
        }
    }
}
