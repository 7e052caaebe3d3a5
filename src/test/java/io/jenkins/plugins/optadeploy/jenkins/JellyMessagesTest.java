package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.jexl.ExpressionFactory;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ${%...}} of the views reads as Stapler reads it: the text up to a {@code (} is the message key, and
 * what is inside the parentheses are comma-separated JEXL arguments. A title like {@code Timeout (seconds)} is
 * therefore the key "Timeout " with the argument {@code seconds}; {@code Variables (name=value per line)} does not
 * even parse, and Jenkins renders the form without its fields.
 */
class JellyMessagesTest {
    private static final Pattern MESSAGE = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    void everyMessageIsItsOwnTextWithoutArguments() throws Exception {
        List<String> problems = new ArrayList<>();
        int messages = 0;
        try (Stream<Path> files = Files.walk(DataBindingTest.VIEWS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jelly")).sorted().toList()) {
                Matcher m = MESSAGE.matcher(Files.readString(p, StandardCharsets.UTF_8));
                while (m.find()) {
                    messages++;
                    String problem = StaplerMessage.problem(m.group(1));
                    if (problem != null) {
                        problems.add(DataBindingTest.VIEWS.relativize(p) + ": ${%" + m.group(1) + "}: " + problem);
                    }
                }
            }
        }
        assertThat(messages).isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckSeesWhatJenkinsRejectedAndWhatItSilentlyCut() {
        assertThat(StaplerMessage.problem("Variables (name=value per line)")).contains("not a JEXL expression");
        assertThat(StaplerMessage.problem("Rollout timeout (seconds)"))
                .contains("key 'Rollout timeout ' with arguments [seconds]");
        assertThat(StaplerMessage.problem("Rollout timeout in seconds")).isNull();
    }

    /** Stapler's InternationalizedStringExpression, as far as parsing goes. */
    static final class StaplerMessage {
        static String problem(String text) {
            int open = text.indexOf('(');
            if (open < 0) {
                return text.strip().equals(text) ? null : "the key has surrounding spaces: '" + text + "'";
            }
            if (!text.endsWith(")")) {
                return "Stapler: missing ')' at the end";
            }
            List<String> args = arguments(text.substring(open + 1, text.length() - 1));
            for (String arg : args) {
                try {
                    ExpressionFactory.createExpression(arg);
                } catch (Exception e) {
                    return "argument '" + arg + "' is not a JEXL expression (" + e.getClass().getSimpleName()
                            + "), Jenkins fails to render the view";
                }
            }
            return "Jenkins reads the key '" + text.substring(0, open) + "' with arguments " + args
                    + " and shows neither the parentheses nor their text";
        }

        /** Comma-separated, parenthesis-balanced. */
        private static List<String> arguments(String inside) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < inside.length(); i++) {
                char c = inside.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(inside.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(inside.substring(start));
            return out;
        }
    }
}
