package io.jenkins.plugins.optadeploy.rollout;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Kubernetes timestamps are RFC 3339; a value we cannot read is treated as absent rather than failing the gate. */
final class Timestamps {

    private Timestamps() {
    }

    static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
