package io.jenkins.plugins.optadeploy.image;

/** The push failed; the message says what went wrong and what to do, for the build log. */
public final class ImagePushException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImagePushException(String message) {
        super(message);
    }

    public ImagePushException(String message, Throwable cause) {
        super(message, cause);
    }
}
