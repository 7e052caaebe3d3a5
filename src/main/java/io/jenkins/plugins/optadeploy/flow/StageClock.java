package io.jenkins.plugins.optadeploy.flow;

import io.jenkins.plugins.optadeploy.report.DeployReport.StageTiming;
import java.util.ArrayList;
import java.util.List;

/** Records how long each stage took, in flow order. */
final class StageClock {
    private final List<StageTiming> timings;
    private long started = System.nanoTime();

    StageClock(List<StageTiming> earlier) {
        this.timings = new ArrayList<>(earlier);
    }

    /** A clock whose current stage began at {@code startedNanos} ({@link System#nanoTime}), e.g. a rollout wait. */
    StageClock(List<StageTiming> earlier, long startedNanos) {
        this(earlier);
        this.started = startedNanos;
    }

    void lap(String stage) {
        long now = System.nanoTime();
        timings.add(new StageTiming(stage, (now - started) / 1_000_000));
        started = now;
    }

    List<StageTiming> timings() {
        return List.copyOf(timings);
    }
}
