package io.jenkins.plugins.optadeploy.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Plugin code must not call Jenkins members that real Jenkins marks {@code @Deprecated} or {@code @Restricted}: the
 * surface may declare them (an annotation needs all its elements) but the plugin's bytecode may not use them.
 */
class DiscouragedApiUsageTest {
    private static final Path PLUGIN_CLASSES = Path.of("target", "classes", "io", "jenkins", "plugins", "optadeploy");
    private final RealSignatures real = RealSignatures.load();

    @Test
    void pluginCallsNoDeprecatedOrRestrictedJenkinsMember() throws IOException {
        List<String> uses = new ArrayList<>();
        List<Path> classes;
        try (Stream<Path> files = Files.walk(PLUGIN_CLASSES)) {
            classes = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path c : classes) {
            try (InputStream in = Files.newInputStream(c)) {
                new ClassReader(in).accept(new Scanner(uses), ClassReader.SKIP_FRAMES);
            }
        }
        assertThat(classes).as("compiled plugin classes").isNotEmpty();
        assertThat(uses).as("calls to members real Jenkins marks @Deprecated or @Restricted").isEmpty();
    }

    private final class Scanner extends ClassVisitor {
        private final List<String> uses;
        private String current;

        Scanner(List<String> uses) {
            super(Opcodes.ASM9);
            this.uses = uses;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            current = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String where = current + "#" + name;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    String type = owner.replace('/', '.');
                    if (real.type(type).isEmpty()) {
                        return;
                    }
                    String kind = "<init>".equals(method) ? "constructors" : "methods";
                    StringBuilder sig = new StringBuilder(method).append('(');
                    Type[] args = Type.getArgumentTypes(desc);
                    for (int i = 0; i < args.length; i++) {
                        sig.append(i == 0 ? "" : ",").append(args[i].getClassName());
                    }
                    report(type, kind, sig.append(')').toString());
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    String type = owner.replace('/', '.');
                    if (real.type(type).isPresent()) {
                        report(type, "fields", field);
                    }
                }

                private void report(String type, String kind, String sig) {
                    Optional<JsonNode> member = real.member(type, kind, sig);
                    if (member.isPresent() && RealSignatures.discouraged(member.get())) {
                        uses.add(where + " uses " + type + "#" + sig);
                    }
                    real.type(type).filter(RealSignatures::discouraged)
                            .ifPresent(t -> uses.add(where + " uses discouraged type " + type));
                }
            };
        }
    }
}
