package io.jenkins.plugins.optadeploy.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tells a kubeconfig from a bearer token in secret text, and finds the secret values a kubeconfig holds (to mask them). */
final class KubeconfigText {
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("(?m)^(apiVersion|kind|clusters|contexts|users|current-context)\\s*:");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?m)^\\s*-?\\s*(token|password|client-key-data|client-certificate-data|id-token|refresh-token|access-token)\\s*:\\s*[\"']?([^\"'\\s#]+)");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");

    private KubeconfigText() {}

    /** At least two of a kubeconfig's top-level keys: a token never contains a colon-terminated line. */
    static boolean isKubeconfig(String text) {
        Matcher m = TOP_LEVEL_KEY.matcher(text);
        int keys = 0;
        while (m.find()) {
            keys++;
        }
        return keys >= 2;
    }

    /** A bearer token: one line of token characters (JWTs and opaque tokens alike). */
    static boolean isToken(String text) {
        String t = text.trim();
        return !t.isEmpty() && TOKEN.matcher(t).matches();
    }

    static List<String> secretValues(String kubeconfig) {
        List<String> out = new ArrayList<>();
        Matcher m = SECRET_VALUE.matcher(kubeconfig);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }
}
