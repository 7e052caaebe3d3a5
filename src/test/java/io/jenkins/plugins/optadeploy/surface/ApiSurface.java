package io.jenkins.plugins.optadeploy.surface;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The classes of the compile-only Jenkins API surface, found from its source root and loaded from the test classpath. */
final class ApiSurface {
    static final Path SOURCE_ROOT = Path.of("src", "jenkins-api", "java");

    private ApiSurface() {}

    static List<Class<?>> classes() {
        List<Class<?>> out = new ArrayList<>();
        for (String name : topLevelNames()) {
            try {
                collect(Class.forName(name, false, ApiSurface.class.getClassLoader()), out);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("surface source " + name + " was not compiled", e);
            }
        }
        return out;
    }

    static List<String> topLevelNames() {
        try (Stream<Path> files = Files.walk(SOURCE_ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .map(p -> SOURCE_ROOT.relativize(p).toString().replace(java.io.File.separatorChar, '.'))
                    .map(s -> s.substring(0, s.length() - ".java".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        out.add(c);
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (Modifier.isPublic(nested.getModifiers()) || Modifier.isProtected(nested.getModifiers())) {
                collect(nested, out);
            }
        }
    }
}
