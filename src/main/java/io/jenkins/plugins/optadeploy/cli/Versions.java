package io.jenkins.plugins.optadeploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven packaged into the jar, "development" when run from classes. */
final class Versions implements IVersionProvider {
    private static final String POM_PROPERTIES = "/META-INF/maven/io.jenkins.plugins/opta-deploy/pom.properties";

    static String current() {
        try (InputStream in = Versions.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "development";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"opta-deploy " + current()};
    }
}
