package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Compile-only copy of Jenkins' {@code EnvVars}: a case-insensitive environment map. */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(Map<String, String> m) {
        this();
        putAll(m);
    }
}
