package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.Port;
import io.jenkins.plugins.optadeploy.spec.Probes.Probe;
import java.util.List;

/** Liveness and readiness, each remembering the field that set it, with Opta's precedence and defaults. */
final class ProbesReader extends SectionReader {
    private static final int DEFAULT_INITIAL_DELAY = 30;
    private static final int READINESS_PERIOD = 10;

    ProbesReader(Values values) {
        super(values, "healthcheck_path", "liveness_probe_path", "readiness_probe_path", "healthcheck_command",
                "liveness_probe_command", "readiness_probe_command", "initial_liveness_delay", "initial_readiness_delay");
    }

    /**
     * @param probePort    the port a path probe calls, null when there is none
     * @param portsWritten whether the module writes a port at all (a missing one is reported there, not here)
     */
    Probes read(YamlMap module, Port probePort, boolean portsWritten) {
        String sharedPath = nonEmpty(optional(module, "healthcheck_path", values::string));
        List<String> sharedCommand = list(module, "healthcheck_command", values::stringList);
        return new Probes(probe(module, "liveness", sharedPath, sharedCommand, null, probePort, portsWritten),
                probe(module, "readiness", sharedPath, sharedCommand, READINESS_PERIOD, probePort, portsWritten));
    }

    /** A probe from its own path/command, else the shared healthcheck ones (Opta's precedence). */
    private Probe probe(YamlMap module, String kind, String sharedPath, List<String> sharedCommand, Integer period,
            Port probePort, boolean portsWritten) {
        String pathField = kind + "_probe_path";
        String commandField = kind + "_probe_command";
        String specificPath = nonEmpty(optional(module, pathField, values::string));
        List<String> specificCommand = list(module, commandField, values::stringList);
        String path = specificPath != null ? specificPath : sharedPath;
        String pathFrom = specificPath != null ? pathField : "healthcheck_path";
        List<String> command = !specificCommand.isEmpty() ? specificCommand : sharedCommand;
        String commandFrom = !specificCommand.isEmpty() ? commandField : "healthcheck_command";
        Integer delay = integer(module, "initial_" + kind + "_delay", 0, DEFAULT_INITIAL_DELAY);
        if (path != null && !command.isEmpty()) {
            problems.error(get(module, commandFrom), "the " + kind + " probe has both a path (" + pathFrom + ") and a "
                    + "command (" + commandFrom + "): set only one");
            return null;
        }
        if (path == null && command.isEmpty()) {
            return null;
        }
        if (path != null && probePort == null) {
            if (!portsWritten) {
                problems.error(get(module, pathFrom), "a probe path needs a port to call: add port: or remove the path");
            }
            return null;
        }
        if (path != null && !path.startsWith("/")) {
            problems.warning(get(module, pathFrom), "'" + path + "' does not start with '/': the probe requests it as written");
        }
        Ref origin = module.keyRef(path != null ? pathFrom : commandFrom);
        return delay == null ? null : new Probe(path, command, delay, period, SpecLocation.of(origin));
    }

    private static String nonEmpty(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
