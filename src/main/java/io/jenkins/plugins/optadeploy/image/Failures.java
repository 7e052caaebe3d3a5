package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Turns what Jib and the network throw into one sentence a build log reader can act on. */
final class Failures {
    private Failures() {}

    static ImagePushException describe(Throwable e, String registry, String repository, boolean hadCredentials) {
        String image = registry + "/" + repository;
        RegistryStallException stalled = causeOf(e, RegistryStallException.class);
        if (stalled != null) {
            return new ImagePushException(stalled.getMessage(), e);
        }
        StallGuard.BrokenConnectionException broken =
                causeOf(e, StallGuard.BrokenConnectionException.class);
        if (broken != null) {
            return new ImagePushException("Pushing " + image + " failed after " + Retry.ATTEMPTS + " attempts: "
                    + broken.getMessage() + ".", e);
        }
        RegistryUnauthorizedException unauthorized = causeOf(e, RegistryUnauthorizedException.class);
        if (unauthorized != null) {
            ResponseException cause = causeOf(unauthorized, ResponseException.class);
            int status = cause == null ? 401 : cause.getStatusCode();
            if (status == 403) {
                return new ImagePushException("Registry " + registry + " denied access to " + repository
                        + " (HTTP 403): the credentials were accepted but lack permission for this repository.", e);
            }
            return new ImagePushException(hadCredentials
                    ? "Registry " + registry + " refused the credentials for " + repository
                            + " (HTTP 401): check the username and password."
                    : "Registry " + registry + " requires credentials for " + repository
                            + " (HTTP 401) and none were given.", e);
        }
        if (causeOf(e, RegistryCredentialsNotSentException.class) != null) {
            return new ImagePushException("Registry " + registry + " asked for credentials over plain HTTP; they were"
                    + " not sent. Serve the registry over HTTPS.", e);
        }
        if (causeOf(e, InsecureRegistryException.class) != null
                || causeOf(e, SSLException.class) != null) {
            return new ImagePushException("TLS connection to registry " + registry + " failed: "
                    + causeOf(e, SSLException.class) + ".", e);
        }
        if (causeOf(e, UnknownHostException.class) != null) {
            return new ImagePushException("Registry host " + RegistryHost.host(registry) + " is unknown (DNS).", e);
        }
        if (causeOf(e, ConnectException.class) != null) {
            return new ImagePushException("Cannot connect to registry " + RegistryHost.hostAndPort(registry)
                    + ": connection refused. Is the registry running?", e);
        }
        if (causeOf(e, SocketTimeoutException.class) != null) {
            return new ImagePushException("Registry " + RegistryHost.hostAndPort(registry) + " stopped answering.", e);
        }
        ResponseException response = causeOf(e, ResponseException.class);
        if (response != null && response.getStatusCode() >= 500) {
            return new ImagePushException("Registry " + registry + " failed with HTTP " + response.getStatusCode()
                    + " after " + Retry.ATTEMPTS + " attempts while pushing " + image + ".", e);
        }
        RegistryException registryError = causeOf(e, RegistryException.class);
        if (registryError != null && registryError.getMessage() != null) {
            return new ImagePushException("Registry " + registry + " rejected " + image + ": "
                    + firstLine(registryError.getMessage()), e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        return new ImagePushException("Pushing " + image + " failed: " + detail, e);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
