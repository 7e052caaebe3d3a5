package io.jenkins.plugins.optadeploy.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API server accepts as a CronJob schedule when it creates one: robfig/cron's standard parser (five fields or
 * a descriptor such as {@code @daily} or {@code @every 1h30m}), and no {@code TZ}/{@code CRON_TZ} anywhere.
 */
final class CronSchedules {
    private record Field(String name, int min, int max, Map<String, Integer> names) {}

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, Map.of()),
            new Field("hour", 0, 23, Map.of()),
            new Field("day of month", 1, 31, Map.of()),
            new Field("month", 1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
                    Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
                    Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
                    Map.entry("dec", 12))),
            new Field("day of week", 0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5,
                    "sat", 6)));
    private static final Set<String> DESCRIPTORS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    private static final String EVERY = "@every ";
    /** Go's time.ParseDuration: an optional sign, then "0" or numbers with units. */
    private static final Pattern DURATION = Pattern.compile("[-+]?(?:0|(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*\\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    /** Go's strings.Fields splits on Unicode white space. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

    private CronSchedules() {}

    /** Why the API server refuses {@code schedule} for a new CronJob, or null when it accepts it. */
    static String problem(String schedule) {
        if (schedule.contains("TZ")) {
            return "Kubernetes refuses TZ or CRON_TZ in a new schedule: remove it; the schedule then runs in the time "
                    + "zone of the cluster's controller manager (usually UTC)";
        }
        if (schedule.isEmpty()) {
            return "the schedule is empty";
        }
        if (schedule.startsWith("@")) {
            return descriptorProblem(schedule);
        }
        List<String> parts = new ArrayList<>();
        for (String part : WHITESPACE.split(schedule)) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        if (parts.size() != FIELDS.size()) {
            return "expected exactly 5 fields (minute hour day-of-month month day-of-week), found " + parts.size();
        }
        for (int i = 0; i < parts.size(); i++) {
            String problem = fieldProblem(parts.get(i), FIELDS.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String descriptorProblem(String schedule) {
        if (DESCRIPTORS.contains(schedule)) {
            return null;
        }
        if (schedule.startsWith(EVERY)) {
            String duration = schedule.substring(EVERY.length());
            return DURATION.matcher(duration).matches() && fitsInNanos(duration) ? null
                    : "'" + duration + "' is not a duration such as 1h30m (units h, m, s, ms, us, ns)";
        }
        return "unknown descriptor: use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>";
    }

    /** Go keeps a duration in a signed 64-bit count of nanoseconds. */
    private static boolean fitsInNanos(String duration) {
        BigDecimal total = BigDecimal.ZERO;
        Matcher part = DURATION_PART.matcher(duration);
        while (part.find()) {
            total = total.add(new BigDecimal(decimal(part.group(1)))
                    .multiply(BigDecimal.valueOf(NANOS.get(part.group(2)))));
        }
        return total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    /** Go's "1." and ".5" as BigDecimal reads them. */
    private static String decimal(String number) {
        String withLead = number.startsWith(".") ? "0" + number : number;
        return withLead.endsWith(".") ? withLead + "0" : withLead;
    }

    /** A field is ranges separated by ','; empty entries between commas are skipped, as the parser does. */
    private static String fieldProblem(String text, Field field) {
        List<String> ranges = new ArrayList<>();
        for (String range : text.split(",")) {
            if (!range.isEmpty()) {
                ranges.add(range);
            }
        }
        for (String range : ranges) {
            String problem = rangeProblem(range, field);
            if (problem != null) {
                return "the " + field.name() + " field '" + text + "': " + problem;
            }
        }
        return null;
    }

    /** {@code * | ? | value | value-value}, optionally {@code /step}; "N/step" runs from N to the maximum. */
    private static String rangeProblem(String range, Field field) {
        String[] rangeAndStep = range.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        long start;
        long end;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = field.min();
            end = field.max();
        } else {
            if (lowAndHigh.length > 2) {
                return "too many '-' in '" + range + "'";
            }
            Long low = value(lowAndHigh[0], field);
            Long high = lowAndHigh.length == 2 ? value(lowAndHigh[1], field) : low;
            if (low == null || high == null) {
                return "'" + (low == null ? lowAndHigh[0] : lowAndHigh[1]) + "' is not a number"
                        + (field.names().isEmpty() ? "" : " or a name such as " + (field.max() == 12 ? "jan" : "mon"));
            }
            start = low;
            end = high;
        }
        long step = 1;
        if (rangeAndStep.length > 2) {
            return "too many '/' in '" + range + "'";
        }
        if (rangeAndStep.length == 2) {
            Long parsed = number(rangeAndStep[1]);
            if (parsed == null) {
                return "the step '" + rangeAndStep[1] + "' is not a number";
            }
            step = parsed;
            if (lowAndHigh.length == 1) {
                end = field.max();
            }
        }
        if (start < field.min()) {
            return start + " is below the minimum " + field.min();
        }
        if (end > field.max()) {
            return end + " is above the maximum " + field.max();
        }
        if (start > end) {
            return "the range " + start + "-" + end + " runs backwards";
        }
        if (step == 0) {
            return "a step must be a positive number";
        }
        return null;
    }

    private static Long value(String text, Field field) {
        Integer named = field.names().get(text.toLowerCase(Locale.ROOT));
        return named != null ? Long.valueOf(named) : number(text);
    }

    /** strconv.Atoi's decimal integer, refused when negative or beyond 64 bits. */
    private static Long number(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return null;
        }
        try {
            long value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
