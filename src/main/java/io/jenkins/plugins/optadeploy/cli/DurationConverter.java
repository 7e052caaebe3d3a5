package io.jenkins.plugins.optadeploy.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 300} (seconds, like the Jenkins step), {@code 90s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT5M}. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)([smh]?)");

    @Override
    public Duration convert(String value) {
        Matcher matcher = SIMPLE.matcher(value.trim());
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                Duration duration = switch (matcher.group(2)) {
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
                if (duration.isZero()) {
                    throw new TypeConversionException("'" + value + "' is zero: give a positive duration such as 300, 90s or 5m");
                }
                return duration;
            }
            Duration duration = Duration.parse(value.trim());
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + value + "' is not positive: give a duration such as 300, 90s or 5m");
            }
            return duration;
        } catch (NumberFormatException | java.time.format.DateTimeParseException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: use seconds (300) or 90s, 5m, 1h");
        }
    }
}
