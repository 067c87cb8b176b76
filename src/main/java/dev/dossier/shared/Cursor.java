package dev.dossier.shared;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

/** Opaque keyset cursors: the sort key values of the last row of a page, encoded for URLs. */
public final class Cursor {

    private static final char SEPARATOR = '\u001f';

    private Cursor() {}

    public static String encode(List<String> values) {
        var joined = String.join(String.valueOf(SEPARATOR), values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A time written in a cursor. One that does not parse, or lies outside the years 1 to 9999 (which no database
     * column holds), is an invalid value.
     */
    public static OffsetDateTime time(String value) {
        try {
            return DateBounds.check(OffsetDateTime.parse(value));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new InvalidValueException("cursor.invalid", "Malformed cursor");
        }
    }

    /** The values of a cursor made by {@link #encode}; a malformed cursor is an invalid value. */
    public static List<String> decode(String cursor, int expectedParts) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            var parts = List.of(text.split(String.valueOf(SEPARATOR), -1));
            if (parts.size() != expectedParts) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("cursor.invalid", "Malformed cursor");
        }
    }
}
