package io.jenkins.plugins.optadeploy.testing;

import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Serves {@code GET .../pods/{name}/log}, which fabric8's CRUD mock lacks, from a callback (the simulated kubelet). */
final class PodLogEndpoint {
    private static final Pattern LOG_PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?$");

    private volatile BiFunction<String, Map<String, String>, String> logs = (pod, query) -> null;

    /** The callback gets the pod name and the decoded query parameters; null means no such log (404). */
    void serve(BiFunction<String, Map<String, String>, String> callback) {
        this.logs = callback;
    }

    /** The response for a log request, or null when the request is something else. */
    MockResponse answer(String method, String path) {
        Matcher log = LOG_PATH.matcher(path);
        if (!"GET".equals(method) || !log.matches()) {
            return null;
        }
        String text = logs.apply(log.group(2), query(path));
        return text == null
                ? new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}")
                : new MockResponse().setResponseCode(200).setBody(text);
    }

    static Map<String, String> query(String path) {
        Map<String, String> query = new HashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return query;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }
}
