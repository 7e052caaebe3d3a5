package io.jenkins.plugins.optadeploy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Samples of one measurement, summarized the way every bench prints them. */
final class Medians {
    private final String label;
    private final List<Double> samples = new ArrayList<>();

    Medians(String label) {
        this.label = label;
    }

    void add(double millis) {
        samples.add(millis);
    }

    double median() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code label: median 12.3 ms (min 10.1, max 15.0, n 10)}. */
    String summary() {
        return String.format(Locale.ROOT, "%-44s median %8.1f ms   (min %.1f, max %.1f, n %d)", label, median(),
                Collections.min(samples), Collections.max(samples), samples.size());
    }

    static String ratio(String what, Medians ours, Medians theirs) {
        return String.format(Locale.ROOT, "%-44s %.2fx (%s / %s; below 1 means opta-deploy is faster)", what,
                ours.median() / theirs.median(), ours.label, theirs.label);
    }

    static String figure(String name, double value, String unit) {
        return String.format(Locale.ROOT, "%s: %.1f %s", name, value, unit);
    }
}
