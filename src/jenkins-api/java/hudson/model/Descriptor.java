package hudson.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Compile-only copy of Jenkins' {@code Descriptor}; persistence is a no-op here. The help lookup follows
 * {@code Descriptor.getHelpFile(Klass, String)} of Jenkins 2.541.3: a redirect added by
 * {@link #addHelpFileRedirect} wins, else {@code help-<field>.html} beside the describable class or one of its
 * superclasses (here without Stapler views or locales, and with each descriptor's default id, its class name).
 */
public abstract class Descriptor<T extends Describable<T>> {
    private final Map<String, Map.Entry<Class<?>, String>> helpRedirect = new HashMap<>();

    protected Descriptor() {}

    public String getDisplayName() {
        return getClass().getSimpleName();
    }

    /** As in Jenkins: the describable's class name (a nested DescriptorImpl describes its enclosing class). */
    public String getId() {
        return describable().getName();
    }

    public String getHelpFile(String fieldName) {
        Map.Entry<Class<?>, String> r = helpRedirect.get(fieldName);
        return r != null ? helpFile(r.getKey(), r.getValue()) : helpFile(describable(), fieldName);
    }

    protected void addHelpFileRedirect(String fieldName, Class<? extends Describable> owner,
            String fieldNameToRedirectTo) {
        helpRedirect.put(fieldName, Map.entry(owner, fieldNameToRedirectTo));
    }

    private Class<?> describable() {
        Class<?> enclosing = getClass().getEnclosingClass();
        return enclosing != null ? enclosing : getClass();
    }

    private static String helpFile(Class<?> describable, String fieldName) {
        String suffix = fieldName == null ? "" : "-" + fieldName;
        for (Class<?> c = describable; c != null; c = c.getSuperclass()) {
            if (c.getResource(c.getSimpleName() + "/help" + suffix + ".html") != null) {
                return "/descriptor/" + describable.getName() + "/help" + (fieldName == null ? "" : "/" + fieldName);
            }
        }
        return null;
    }

    public synchronized void load() {}

    public synchronized void save() {}
}
