package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compile-only copy of {@code org.jenkinsci.Symbol} (symbol-annotation 1.25). The real one is meta-annotated
 * {@code @Indexed}; here the build's own IndexedAnnotationProcessor writes the same index.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
public @interface Symbol {
    String[] value();
}
