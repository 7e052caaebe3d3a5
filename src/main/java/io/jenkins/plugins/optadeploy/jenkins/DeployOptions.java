package io.jenkins.plugins.optadeploy.jenkins;

import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of optaDeploy options, shared by the Pipeline step and the freestyle step (which only expose these
 * properties to data binding). Holds credential IDs, never credentials. Blank strings mean "not set".
 */
final class DeployOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    String file = DeployRequest.DEFAULT_FILE;
    String env;
    Map<String, String> vars = new LinkedHashMap<>();
    String credentialsId;
    String context;
    String serverUrl;
    String registry;
    String registryCredentialsId;
    String tag;
    String localImage;
    String imageArchive;
    String sourceImage;
    Integer timeout;
    Integer pushStallTimeout;
    Integer lockWait;
    boolean rollback = true;
    boolean dryRun;
    boolean forceConflicts;
    boolean insecureRegistry;

    /** The options' names, as both front ends bind them (DataBindingTest holds the classes to it). */
    static final List<String> NAMES = List.of("file", "env", "vars", "credentialsId", "context", "serverUrl",
            "registry", "registryCredentialsId", "tag", "localImage", "imageArchive", "sourceImage", "timeout",
            "pushStallTimeout", "lockWait", "rollback", "dryRun", "forceConflicts", "insecureRegistry");

    static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String fileOrDefault(String file) {
        String f = trimToNull(file);
        return f == null ? DeployRequest.DEFAULT_FILE : f;
    }

    /** Seconds: zero or less means "not set", as an empty form field does. */
    static Integer positiveOrNull(Integer seconds) {
        return seconds == null || seconds <= 0 ? null : seconds;
    }

    void setFile(String file) {
        this.file = fileOrDefault(file);
    }

    /** Values of any type (a Pipeline map literal holds numbers and booleans too) become their string form. */
    void setVars(Map<String, ?> vars) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (vars != null) {
            // through Object: Groovy may pass GString keys whatever the declared type says
            for (Map.Entry<?, ?> e : ((Map<?, ?>) vars).entrySet()) {
                strings.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        }
        this.vars = strings;
    }

    /** The freestyle form's variables: one {@code name=value} per line; lines without a name are ignored. */
    static Map<String, String> varsFromLines(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq).trim(), line.substring(eq + 1));
                }
            }
        }
        return map;
    }

    void setTimeout(Integer timeout) {
        this.timeout = positiveOrNull(timeout);
    }

    void setPushStallTimeout(Integer seconds) {
        this.pushStallTimeout = positiveOrNull(seconds);
    }

    void setLockWait(Integer seconds) {
        this.lockWait = positiveOrNull(seconds);
    }

    /** The Kubernetes credentials to use: the option, else the global default, else none (in-cluster). */
    String effectiveCredentialsId(DeployDefaults defaults) {
        String id = trimToNull(credentialsId);
        return id != null ? id : trimToNull(defaults.credentialsId());
    }

    /** The request the engine runs; {@code expand} resolves build variables (freestyle) or is the identity. */
    DeployRequest toRequest(DeployDefaults defaults, java.util.function.UnaryOperator<String> expand, String buildUrl,
            String buildTag) throws InvalidOptionException {
        String specFile = expand.apply(file);
        String problem = FormChecks.relativePathProblem(specFile);
        if (problem != null) {
            throw new InvalidOptionException("file: " + problem);
        }
        String archive = trimToNull(expand.apply(imageArchive));
        if (archive != null && FormChecks.relativePathProblem(archive) != null) {
            throw new InvalidOptionException("imageArchive: " + FormChecks.relativePathProblem(archive));
        }
        String reg = trimToNull(expand.apply(registry));
        reg = reg != null ? reg : trimToNull(defaults.registry());
        if (reg != null && FormChecks.registryProblem(reg) != null) {
            throw new InvalidOptionException("registry: " + FormChecks.registryProblem(reg));
        }
        String t = trimToNull(expand.apply(tag));
        if (t != null && FormChecks.tagProblem(t) != null) {
            throw new InvalidOptionException("tag: " + FormChecks.tagProblem(t));
        }
        Integer seconds = timeout != null ? timeout : defaults.timeoutSeconds();
        Integer stall = pushStallTimeout != null ? pushStallTimeout : defaults.pushStallTimeoutSeconds();
        Integer lock = lockWait != null ? lockWait : defaults.lockWaitSeconds();
        Map<String, String> expandedVars = new LinkedHashMap<>();
        vars.forEach((k, v) -> expandedVars.put(k, expand.apply(v)));
        return new DeployRequest(specFile, trimToNull(expand.apply(env)), expandedVars,
                trimToNull(expand.apply(localImage)), archive, trimToNull(expand.apply(sourceImage)), reg, t,
                insecureRegistry, seconds(seconds), rollback, dryRun,
                forceConflicts, buildUrl, buildTag, seconds(stall), seconds(lock));
    }

    private static Duration seconds(Integer seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    /** An option value that cannot be deployed; the message names the option and what to change. */
    static final class InvalidOptionException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidOptionException(String message) {
            super(message);
        }
    }
}
