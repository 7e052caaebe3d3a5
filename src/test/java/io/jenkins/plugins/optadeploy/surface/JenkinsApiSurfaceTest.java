package io.jenkins.plugins.optadeploy.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hand-written API surface is honest: every public or protected member exists in real Jenkins 2.541.3 (or the
 * plugin versions the pom names, those of bom-2.541.x) with the same erased signature, return type and static-ness.
 * A plugin that compiles here and fails to load in Jenkins is worthless.
 */
class JenkinsApiSurfaceTest {
    private final RealSignatures real = RealSignatures.load();

    @Test
    void everySurfaceMemberExistsInRealJenkins() {
        List<String> problems = new ArrayList<>();
        List<Class<?>> surface = ApiSurface.classes();
        for (Class<?> c : surface) {
            problems.addAll(check(c));
        }
        assertThat(surface).as("surface classes").isNotEmpty();
        assertThat(problems).as("members of the API surface that real Jenkins does not have").isEmpty();
    }

    @Test
    void committedSignaturesMatchTheSharedOnesWhenPresent() throws Exception {
        java.nio.file.Path shared = java.nio.file.Path.of(System.getProperty("opta.shared.dir", "../shared"),
                "jenkins-api", "signatures.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(shared),
                shared + " not present: skipping the comparison of the trimmed signature data with the full one");
        JsonNode full = new com.fasterxml.jackson.databind.ObjectMapper().readTree(shared.toFile());
        List<String> stale = new ArrayList<>();
        real.raw().fieldNames().forEachRemaining(name -> {
            JsonNode f = full.get(name);
            if (f == null) {
                stale.add(name + " (not in the shared data)");
                return;
            }
            for (String kind : List.of("methods", "constructors", "fields")) {
                if (f.get(kind).size() != real.raw().get(name).get(kind).size()) {
                    stale.add(name + "." + kind);
                }
            }
        });
        Set<String> declared = new TreeSet<>(ApiSurface.topLevelNames());
        declared.removeIf(n -> real.raw().has(n));
        assertThat(stale).as("trimmed entries that differ from the shared data: run tools/trim-jenkins-signatures").isEmpty();
        assertThat(declared).as("surface types missing from the trimmed data: run tools/trim-jenkins-signatures").isEmpty();
    }

    private List<String> check(Class<?> c) {
        String name = c.getName();
        Optional<JsonNode> entry = real.type(name);
        if (entry.isEmpty()) {
            return List.of(name + ": no such type in real Jenkins (or run tools/trim-jenkins-signatures)");
        }
        JsonNode e = entry.get();
        List<String> problems = new ArrayList<>();
        checkKind(c, e, problems);
        checkSupertypes(c, e, problems);
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                checkMethod(c, m, problems);
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k) && !k.isSynthetic()) {
                checkConstructor(c, k, e, problems);
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f) && !f.isSynthetic()) {
                checkField(c, f, problems);
            }
        }
        if (c.isAnnotation()) {
            checkAnnotation(c, e, problems);
        }
        return problems;
    }

    private static void checkKind(Class<?> c, JsonNode e, List<String> problems) {
        String kind = e.get("kind").asText();
        String actual = c.isAnnotation() ? "annotation" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        if (!kind.equals(actual)) {
            problems.add(c.getName() + ": is " + actual + " here but " + kind + " in real Jenkins");
        }
        boolean realStatic = e.get("modifiers").toString().contains("\"static\"");
        if (c.getEnclosingClass() != null && !c.isInterface() && !c.isEnum()
                && Modifier.isStatic(c.getModifiers()) != realStatic) {
            problems.add(c.getName() + ": static-ness differs from real Jenkins");
        }
    }

    private void checkSupertypes(Class<?> c, JsonNode e, List<String> problems) {
        Set<String> realSupers = real.supertypeNames(c.getName());
        if (c.getSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            String sup = c.getSuperclass().getName();
            if (!realSupers.contains(sup)) {
                problems.add(c.getName() + ": extends " + sup + ", which is not a supertype in real Jenkins");
            }
        }
        for (Class<?> i : c.getInterfaces()) {
            if (!realSupers.contains(i.getName())) {
                problems.add(c.getName() + ": implements " + i.getName() + ", which is not a supertype in real Jenkins");
            }
        }
    }

    private void checkMethod(Class<?> c, Method m, List<String> problems) {
        if (c.isEnum() && Set.of("values()", "valueOf(java.lang.String)").contains(signature(m))) {
            return;
        }
        String sig = signature(m);
        Optional<JsonNode> realMember = real.member(c.getName(), "methods", sig);
        if (realMember.isEmpty()) {
            if (inheritedFromJdk(c, m)) {
                return;
            }
            problems.add(c.getName() + "#" + sig + ": no such method in real Jenkins");
            return;
        }
        JsonNode r = realMember.get();
        String returnType = r.get("returnType").get("erasure").asText();
        if (!returnType.equals(m.getReturnType().getTypeName())) {
            problems.add(c.getName() + "#" + sig + ": returns " + m.getReturnType().getTypeName() + " here but "
                    + returnType + " in real Jenkins");
        }
        if (Modifier.isStatic(m.getModifiers()) != RealSignatures.isStatic(r)) {
            problems.add(c.getName() + "#" + sig + ": static-ness differs from real Jenkins");
        }
    }

    /** Members of JDK supertypes (e.g. Exception#getMessage, Serializable) are checked by reflection on the JDK itself. */
    private boolean inheritedFromJdk(Class<?> c, Method m) {
        for (String sup : real.supertypeNames(c.getName())) {
            if (real.type(sup).isPresent()) {
                continue;
            }
            try {
                Class<?> jdk = Class.forName(sup);
                if (jdk.getName().startsWith("java.")) {
                    Method found = jdk.getMethod(m.getName(), m.getParameterTypes());
                    if (found.getReturnType().equals(m.getReturnType())) {
                        return true;
                    }
                }
            } catch (ReflectiveOperationException ignored) {
                // not declared there: keep looking
            }
        }
        return false;
    }

    private void checkConstructor(Class<?> c, Constructor<?> k, JsonNode e, List<String> problems) {
        List<Class<?>> params = new ArrayList<>(Arrays.asList(k.getParameterTypes()));
        boolean innerClass = c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers()) && !c.isInterface();
        if (innerClass && !params.isEmpty()) {
            params.remove(0);
        }
        String sig = "<init>(" + params.stream().map(Class::getTypeName).collect(Collectors.joining(",")) + ")";
        if (real.member(c.getName(), "constructors", sig).isEmpty()) {
            problems.add(c.getName() + "#" + sig + ": no such constructor in real Jenkins");
        }
    }

    private void checkField(Class<?> c, Field f, List<String> problems) {
        Optional<JsonNode> r = real.member(c.getName(), "fields", f.getName());
        if (r.isEmpty()) {
            problems.add(c.getName() + "." + f.getName() + ": no such field in real Jenkins");
            return;
        }
        String type = r.get().get("type").get("erasure").asText();
        if (!type.equals(f.getType().getTypeName())) {
            problems.add(c.getName() + "." + f.getName() + ": type " + f.getType().getTypeName() + " here but " + type
                    + " in real Jenkins");
        }
        if (Modifier.isStatic(f.getModifiers()) != RealSignatures.isStatic(r.get())) {
            problems.add(c.getName() + "." + f.getName() + ": static-ness differs from real Jenkins");
        }
    }

    private static void checkAnnotation(Class<?> c, JsonNode e, List<String> problems) {
        Retention retention = c.getAnnotation(Retention.class);
        String ret = retention == null ? "CLASS" : retention.value().name();
        if (!ret.equals(e.get("retention").asText())) {
            problems.add(c.getName() + ": retention " + ret + " here but " + e.get("retention").asText() + " in real Jenkins");
        }
        Target target = c.getAnnotation(Target.class);
        Set<String> targets = target == null ? null
                : Arrays.stream(target.value()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        JsonNode realTarget = e.get("target");
        Set<String> expected = realTarget == null || realTarget.isNull() ? null : new TreeSet<>();
        if (expected != null) {
            realTarget.forEach(t -> expected.add(t.asText()));
        }
        if (!java.util.Objects.equals(targets, expected)) {
            problems.add(c.getName() + ": target " + targets + " here but " + expected + " in real Jenkins");
        }
        for (Method m : c.getDeclaredMethods()) {
            JsonNode element = null;
            for (JsonNode el : e.get("elements")) {
                if (el.get("name").asText().equals(m.getName())) {
                    element = el;
                }
            }
            if (element == null) {
                continue; // already reported as a missing method
            }
            if (!element.get("erasure").asText().equals(m.getReturnType().getTypeName())) {
                problems.add(c.getName() + "#" + m.getName() + "(): element type differs from real Jenkins");
            }
            if (element.get("hasDefault").asBoolean() != (m.getDefaultValue() != null)) {
                problems.add(c.getName() + "#" + m.getName() + "(): default value presence differs from real Jenkins");
            }
        }
        if (e.get("elements").size() != c.getDeclaredMethods().length) {
            problems.add(c.getName() + ": declares " + c.getDeclaredMethods().length + " elements but real Jenkins has "
                    + e.get("elements").size() + " (an annotation's elements must all be present)");
        }
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",")) + ")";
    }
}
