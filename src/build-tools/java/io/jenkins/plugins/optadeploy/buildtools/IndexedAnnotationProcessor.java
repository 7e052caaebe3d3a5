package io.jenkins.plugins.optadeploy.buildtools;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services/annotations/org.jenkinsci.Symbol}, the index that structs' {@code SymbolLookup}
 * reads through annotation-indexer 1.18 ({@code Index.list}): one binary class name per line, UTF-8.
 * annotation-indexer 1.18 is not on Maven Central and 1.4 fails on JDK 17, hence this small build-time processor.
 */
@SupportedAnnotationTypes("org.jenkinsci.Symbol")
public final class IndexedAnnotationProcessor extends AbstractProcessor {
    private static final String SYMBOL = "org.jenkinsci.Symbol";
    private final Set<String> indexed = new TreeSet<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (element instanceof TypeElement type) {
                    indexed.add(processingEnv.getElementUtils().getBinaryName(type).toString());
                }
            }
        }
        if (round.processingOver() && !indexed.isEmpty()) {
            write();
        }
        return false;
    }

    private void write() {
        try {
            FileObject out = processingEnv.getFiler()
                    .createResource(StandardLocation.CLASS_OUTPUT, "", "META-INF/services/annotations/" + SYMBOL);
            try (Writer w = new java.io.OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String name : indexed) {
                    w.write(name);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR, "cannot write the @Symbol index: " + e);
        }
    }
}
