package io.jenkins.plugins.optadeploy.image;

import java.io.Serializable;

/** Registry login; the password never appears in toString. */
public record RegistryAuth(String username, String password) implements Serializable {
    public static RegistryAuth none() {
        return new RegistryAuth(null, null);
    }

    @Override
    public String toString() {
        return username == null ? "RegistryAuth[none]" : "RegistryAuth[" + username + "]";
    }
}
