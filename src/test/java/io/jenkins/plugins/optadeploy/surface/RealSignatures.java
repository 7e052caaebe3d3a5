package io.jenkins.plugins.optadeploy.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real Jenkins 2.541.3 (and plugin) signatures, trimmed by {@code tools/trim-jenkins-signatures} to the types the
 * API surface declares, from the full data extracted from those versions (which this repository does not hold).
 */
final class RealSignatures {
    static final String RESOURCE = "/jenkins-api/signatures.json";

    private final JsonNode types;

    private RealSignatures(JsonNode types) {
        this.types = types;
    }

    static RealSignatures load() {
        try (InputStream in = RealSignatures.class.getResourceAsStream(RESOURCE)) {
            return new RealSignatures(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode raw() {
        return types;
    }

    Optional<JsonNode> type(String binaryName) {
        return Optional.ofNullable(types.get(binaryName));
    }

    /** The type and its transitive supertypes that the data knows, nearest first. */
    List<JsonNode> hierarchy(String binaryName) {
        List<JsonNode> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(binaryName));
        while (!queue.isEmpty()) {
            String name = queue.poll();
            JsonNode t = types.get(name);
            if (t == null || !seen.add(name)) {
                continue;
            }
            out.add(t);
            superNames(t).forEach(queue::add);
        }
        return out;
    }

    /** Names of all transitive supertypes, including those outside the data (JDK types). */
    Set<String> supertypeNames(String binaryName) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : hierarchy(binaryName)) {
            out.addAll(superNames(t));
        }
        return out;
    }

    static List<String> superNames(JsonNode type) {
        List<String> out = new ArrayList<>();
        JsonNode superclass = type.get("superclass");
        if (superclass != null && !superclass.isNull()) {
            out.add(superclass.get("erasure").asText());
        }
        type.get("interfaces").forEach(i -> out.add(i.get("erasure").asText()));
        return out;
    }

    /** A method or constructor of the type or, for methods, of a supertype, found by erased signature. */
    Optional<JsonNode> member(String binaryName, String kind, String erasedSignature) {
        List<JsonNode> where = "constructors".equals(kind) ? type(binaryName).stream().toList() : hierarchy(binaryName);
        for (JsonNode t : where) {
            for (JsonNode m : t.get(kind)) {
                if (erasedSignature.equals(m.path("erasedSignature").asText(null))
                        || erasedSignature.equals(m.path("name").asText())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    static boolean isStatic(JsonNode member) {
        for (JsonNode m : member.get("modifiers")) {
            if ("static".equals(m.asText())) {
                return true;
            }
        }
        return false;
    }

    static boolean discouraged(JsonNode member) {
        return member.path("deprecated").asBoolean() || member.path("deprecatedJavadoc").asBoolean()
                || member.path("restricted").size() > 0;
    }
}
