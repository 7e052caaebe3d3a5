package io.jenkins.plugins.optadeploy.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory amounts: a YAML integer means millicores / MiB (Opta's convention); a string is a Kubernetes quantity
 * such as {@code 500m}, {@code 1} (one core), {@code 256Mi} or {@code 1Gi}, taken as written (Opta would append another
 * unit). A memory string without a unit (bytes) is refused: it is always a slip for MiB.
 */
final class Quantities {
    enum Kind { CPU, MEMORY }

    /** A quantity kept as the number and suffix the user wrote, plus its size in base units for comparisons. */
    record Quantity(BigDecimal number, String suffix, BigDecimal base) {
        @Override
        public String toString() {
            return number.stripTrailingZeros().toPlainString() + suffix;
        }

        Quantity doubled() {
            BigDecimal two = BigDecimal.valueOf(2);
            return new Quantity(number.multiply(two), suffix, base.multiply(two));
        }
    }

    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([a-zA-Z]*)");
    private static final Map<String, BigDecimal> CPU_SUFFIXES = Map.of("", BigDecimal.ONE, "m", new BigDecimal("0.001"));
    private static final Map<String, BigDecimal> MEMORY_SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)));

    private Quantities() {}

    static Quantity ofInteger(Kind kind, long amount) {
        BigDecimal number = BigDecimal.valueOf(amount);
        return kind == Kind.CPU
                ? new Quantity(number, "m", number.multiply(CPU_SUFFIXES.get("m")))
                : new Quantity(number, "Mi", number.multiply(MEMORY_SUFFIXES.get("Mi")));
    }

    /** The quantity, or null with {@code error[0]} set to what is wrong. */
    static Quantity parse(Kind kind, String text, String[] error) {
        Matcher matcher = QUANTITY.matcher(text.trim());
        Map<String, BigDecimal> suffixes = kind == Kind.CPU ? CPU_SUFFIXES : MEMORY_SUFFIXES;
        if (!matcher.matches() || !suffixes.containsKey(matcher.group(2))) {
            error[0] = kind == Kind.CPU
                    ? "'" + text + "' is not a CPU amount: write millicores as an integer (500) or a quantity such as '500m' or '1'"
                    : "'" + text + "' is not a memory amount: write MiB as an integer (256) or a quantity such as '256Mi' or '1Gi'";
            return null;
        }
        if (kind == Kind.MEMORY && matcher.group(2).isEmpty()) {
            error[0] = "'" + text + "' has no unit, which means bytes: write e.g. '" + text.trim()
                    + "Mi', or the integer " + text.trim() + " (without quotes) for MiB";
            return null;
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        BigDecimal base = number.multiply(suffixes.get(matcher.group(2)));
        if (base.signum() <= 0) {
            error[0] = "'" + text + "' must be more than zero";
            return null;
        }
        return new Quantity(number, matcher.group(2), base);
    }
}
