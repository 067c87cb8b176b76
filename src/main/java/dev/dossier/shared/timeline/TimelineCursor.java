package dev.dossier.shared.timeline;

import dev.dossier.shared.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * A position on a timeline: items strictly older than {@code at}, or as old and with a smaller id, come after it.
 * Written as an opaque URL-safe token.
 */
public record TimelineCursor(OffsetDateTime at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static TimelineCursor decode(String token) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            var at = OffsetDateTime.parse(text.substring(0, bar));
            if (at.getYear() < 1 || at.getYear() > 9999) {
                throw new IllegalArgumentException("Year out of range");
            }
            return new TimelineCursor(at, UUID.fromString(text.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new InvalidValueException("cursor.invalid", "Not a timeline cursor");
        }
    }

    /** Whether an item at {@code itemAt} with {@code itemId} comes after this position. */
    public boolean isBefore(OffsetDateTime itemAt, UUID itemId) {
        int c = itemAt.compareTo(at);
        return c < 0 || c == 0 && itemId.compareTo(id) < 0;
    }
}
