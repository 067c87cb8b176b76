package dev.dossier.shared;

import java.util.UUID;

/**
 * What a record is about, across modules: {@code customer:…}, {@code contact:…}.
 *
 * @param type the kind of record, lower case
 * @param id its id
 */
public record Subject(String type, UUID id) {

    public Subject {
        if (type == null || !type.matches("[a-z][a-z-]{1,30}") || id == null) {
            throw new InvalidValueException("subject.invalid", "Not a subject: " + type + ":" + id);
        }
    }

    public static Subject parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new InvalidValueException("subject.invalid", "Not a subject: " + text);
        }
        try {
            return new Subject(text.substring(0, colon), UUID.fromString(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("subject.invalid", "Not a subject: " + text);
        }
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
