package io.jenkins.plugins.optadeploy.image;

import java.io.Serializable;

/** Username/password for a registry. The password never appears in {@link #toString()}. */
public record RegistryAuth(String username, String password) implements Serializable {
    private static final RegistryAuth NONE = new RegistryAuth(null, null);

    public RegistryAuth {
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("registry credentials need both a username and a password");
        }
    }

    public static RegistryAuth none() {
        return NONE;
    }

    public boolean isPresent() {
        return username != null;
    }

    @Override
    public String toString() {
        return isPresent() ? "RegistryAuth[username=" + username + ", password=****]" : "RegistryAuth[none]";
    }
}
