package hudson.util;

import java.io.Serializable;

/** Compile-only copy of Jenkins' {@code Secret}: holds the value in memory (real Jenkins also encrypts it at rest). */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.getPlainText();
    }

    @Override
    public boolean equals(Object that) {
        return that instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
