package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.CronJob;
import java.util.List;

/** {@code cron_jobs}: each a command with a schedule the API server accepts. */
final class CronJobsReader extends SectionReader {
    CronJobsReader(Values values) {
        super(values, "cron_jobs");
    }

    List<CronJob> read(YamlMap module) {
        return list(module, "cron_jobs", ref -> entries(ref, List.of("commands", "args", "schedule"), this::cronJob));
    }

    private CronJob cronJob(YamlMap map) {
        Ref commandsRef = map.require("commands");
        Ref scheduleRef = map.require("schedule");
        List<String> commands = commandsRef == null ? null : values.stringList(commandsRef);
        List<String> args = map.get("args") == null ? List.of() : values.stringList(map.get("args"));
        String schedule = scheduleRef == null ? null : values.string(scheduleRef);
        if (commands != null && commands.isEmpty()) {
            problems.error(commandsRef, "a cron job needs a command to run");
            return null;
        }
        String scheduleProblem = schedule == null ? null : CronSchedules.problem(schedule.trim());
        if (scheduleProblem != null) {
            problems.error(scheduleRef, "'" + YamlTypes.shorten(schedule) + "' is not a cron schedule: " + scheduleProblem
                    + (schedule.trim().startsWith("@") || schedule.contains("TZ") ? ""
                            : "; write five fields such as \"*/5 * * * *\" or a descriptor such as @hourly"));
            return null;
        }
        return commands != null && args != null && schedule != null ? new CronJob(commands, args, schedule.trim()) : null;
    }
}
