package io.jenkins.plugins.optadeploy.jenkins;

import hudson.console.HyperlinkNote;
import io.jenkins.plugins.optadeploy.flow.DeployLog;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The deploy's log: every line goes to the console with the {@code [optaDeploy] } prefix and to the deploy log file
 * in the build directory, after every known secret value (and its base64 form) is replaced by {@code ****}. The engine
 * logs no secrets; this is the second line of defence.
 */
final class MaskingDeployLog implements DeployLog {
    static final String PREFIX = "[optaDeploy] ";
    static final String MASK = "****";
    /** Shorter values would mask ordinary words. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final PrintStream console;
    private final Consumer<String> keep;
    private final List<String> secrets;

    /** Console and deploy log file, on the controller. */
    MaskingDeployLog(PrintStream console, File file, Set<String> secretValues) {
        this(console, masked -> append(console, file, masked), secretValues);
    }

    /** Console (the build log, through remoting) and {@code keep} for the masked lines, e.g. on the agent. */
    MaskingDeployLog(PrintStream console, Consumer<String> keep, Set<String> secretValues) {
        this.console = console;
        this.keep = keep;
        Set<String> all = new LinkedHashSet<>();
        for (String s : secretValues) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                all.add(s);
                all.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no partial leftovers
        this.secrets = List.copyOf(sorted);
    }

    /** A message of an AbortException this plugin threw, without its console prefix (for the deploy page). */
    static String withoutPrefix(String message) {
        return message != null && message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : String.valueOf(message);
    }

    String mask(String text) {
        String out = text == null ? "" : text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    @Override
    public void line(String text) {
        String masked = mask(text);
        console.println(PREFIX + masked);
        keep.accept(masked);
    }

    /** A line already shown in the console (by the agent): kept only. */
    void keepOnly(String text) {
        keep.accept(mask(text));
    }

    /** A console line ending in a link to {@code url} (relative to Jenkins); the file gets the link's text. */
    void linkLine(String text, String url, String linkText) {
        String masked = mask(text);
        console.println(PREFIX + masked + HyperlinkNote.encodeTo(url, linkText));
        keep.accept(masked + linkText);
    }

    private static void append(PrintStream console, File file, String masked) {
        try {
            Files.createDirectories(file.toPath().getParent());
            Files.writeString(file.toPath(), masked + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            console.println(PREFIX + "could not write the deploy log file: " + e.getMessage());
        }
    }
}
