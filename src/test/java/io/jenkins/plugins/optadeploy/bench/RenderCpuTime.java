package io.jenkins.plugins.optadeploy.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * CPU time per render on the measuring thread, which other processes on a busy machine do not inflate (JMH's wall
 * clock does). Prints one line per benchmark of {@link RenderBenchmark}: the median over batches after a warm-up.
 */
public final class RenderCpuTime {
    private static final int WARMUP_BATCHES = 30;
    private static final int BATCHES = 15;
    private static final int OPS_PER_BATCH = 200;

    private RenderCpuTime() {}

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String spec : new String[] {"typical", "everything"}) {
            RenderBenchmark benchmark = new RenderBenchmark();
            benchmark.spec = spec;
            benchmark.read();
            report(threads, "render", spec, () -> benchmark.render().objects().size());
            report(threads, "renderYaml", spec, () -> benchmark.renderYaml().length());
        }
    }

    private static void report(ThreadMXBean threads, String name, String spec, Op op) {
        long sink = 0;
        for (int i = 0; i < WARMUP_BATCHES * OPS_PER_BATCH; i++) {
            sink += op.run();
        }
        double[] perOpMs = new double[BATCHES];
        for (int batch = 0; batch < BATCHES; batch++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < OPS_PER_BATCH; i++) {
                sink += op.run();
            }
            perOpMs[batch] = (threads.getCurrentThreadCpuTime() - start) / 1e6 / OPS_PER_BATCH;
        }
        Arrays.sort(perOpMs);
        System.out.printf(Locale.ROOT, "cpu %s[%s]: %.3f ms (median of %d batches of %d; min %.3f, max %.3f; %d)%n", name, spec,
                perOpMs[BATCHES / 2], BATCHES, OPS_PER_BATCH, perOpMs[0], perOpMs[BATCHES - 1], sink % 10);
    }

    private interface Op {
        int run();
    }
}
