package io.jenkins.plugins.optadeploy.jenkins;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The plugin bundles fabric8's JDK HTTP client, and the Kubernetes Client API plugin provides the rest of fabric8:
 * the two must be the same fabric8 release, or the client fails at run time with linkage errors nobody can read.
 */
final class Fabric8Versions {
    static final String API = "kubernetes-client-api";
    static final String JDK_CLIENT = "kubernetes-httpclient-jdk";
    private static final String MISMATCH = mismatch(version(KubernetesClient.class, API),
            version(JdkHttpClientFactory.class, JDK_CLIENT));

    private Fabric8Versions() {}

    /** Null when they match (or a version cannot be read); else what to do about it. */
    static String mismatch() {
        return MISMATCH;
    }

    static String mismatch(String installed, String bundled) {
        if (installed == null || bundled == null || installed.equals(bundled)) {
            return null;
        }
        return "the installed Kubernetes Client API plugin provides fabric8 " + installed + ", but this plugin was "
                + "built with fabric8 " + bundled + ": install the kubernetes-client-api release that bundles fabric8 "
                + bundled + " (see the Plugin-Dependencies of opta-deploy), or an opta-deploy built for " + installed;
    }

    /** The version Maven recorded in the jar that holds {@code anchor}, through that jar's own class loader. */
    static String version(Class<?> anchor, String artifactId) {
        ClassLoader loader = anchor.getClassLoader();
        String path = "META-INF/maven/io.fabric8/" + artifactId + "/pom.properties";
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
