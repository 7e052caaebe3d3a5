package io.jenkins.plugins.optadeploy.image;

import java.io.IOException;

/** The {@link StallGuard} ended the push: the registry stalled or went away. The message is the one sentence to show. */
final class RegistryStallException extends IOException {
    private static final long serialVersionUID = 1L;

    RegistryStallException(String message, Throwable cause) {
        super(message, cause);
    }
}
