package io.jenkins.plugins.optadeploy.image;

import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.ResponseException;
import java.io.IOException;
import java.net.SocketException;

/**
 * Bounded retries for what a registry can fail transiently: HTTP 5xx and a reset or broken connection. Jib retries
 * I/O errors of a single request but not 5xx answers.
 */
final class Retry {
    static final int ATTEMPTS = 3;
    private static final long[] PAUSE_MS = {250, 1000};

    interface Call<T> {
        T call() throws IOException, RegistryException;
    }

    private Retry() {}

    static <T> T call(Call<T> call) throws IOException, RegistryException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (IOException | RegistryException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                Thread.sleep(PAUSE_MS[attempt - 1]);
            }
        }
    }

    static boolean isTransient(Throwable e) {
        if (Failures.causeOf(e, RegistryStallException.class) != null) {
            return false; // the guard ended the push
        }
        ResponseException response = Failures.causeOf(e, ResponseException.class);
        if (response != null) {
            return response.getStatusCode() >= 500;
        }
        SocketException socket = Failures.causeOf(e, SocketException.class);
        return socket != null && !(socket instanceof java.net.ConnectException);
    }
}
