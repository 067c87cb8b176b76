package dev.dossier.audit;

import dev.dossier.shared.Masks;
import dev.dossier.shared.Subject;
import dev.dossier.shared.ValueChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What is to be appended to the trail: an action, who did it, from where, about what, and its details.
 * Sensitive values are masked here, before they get anywhere near the database.
 */
final class AuditRecord {

    /** Longest value kept in a detail; longer ones are cut (the trail proves what happened, it is no archive). */
    static final int MAX_VALUE = 2000;

    private final String action;
    private UUID actorId;
    private String actorName;
    private String clientAddress;
    private Subject subject;
    private final Map<String, Object> detail = new LinkedHashMap<>();

    private AuditRecord(String action) {
        this.action = action;
    }

    static AuditRecord of(String action) {
        return new AuditRecord(action);
    }

    /** Done by this user (null: the system); the trail looks up their name. */
    AuditRecord by(UUID userId) {
        this.actorId = userId;
        return this;
    }

    /** Done by this user, whose name is known already (or who is no user at all, as with a failed sign-in). */
    AuditRecord by(UUID userId, String name) {
        this.actorId = userId;
        this.actorName = cut(name, 200);
        return this;
    }

    AuditRecord from(String address) {
        this.clientAddress = cut(address, 64);
        return this;
    }

    AuditRecord about(Subject subject) {
        this.subject = subject;
        return this;
    }

    /** About a record of this type; a type that is no valid subject type is kept in the detail instead. */
    AuditRecord about(String type, UUID id) {
        if (id == null) {
            return this;
        }
        try {
            return about(new Subject(type, id));
        } catch (dev.dossier.shared.InvalidValueException e) {
            // Never refuse an entry (its event would be retried for ever): keep what was said.
            return with("recordType", type).with("recordId", id.toString());
        }
    }

    AuditRecord with(String key, Object value) {
        if (value != null) {
            detail.put(key, value instanceof String text ? cut(text, MAX_VALUE) : value);
        }
        return this;
    }

    /** Field changes, before and after, with the values of sensitive fields masked. */
    AuditRecord changes(List<ValueChange> changes) {
        var list = new ArrayList<Map<String, Object>>();
        for (var change : changes) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("field", change.field());
            entry.put(
                    "before",
                    change.sensitive() ? mask(change.field(), change.before()) : cut(change.before(), MAX_VALUE));
            entry.put(
                    "after",
                    change.sensitive() ? mask(change.field(), change.after()) : cut(change.after(), MAX_VALUE));
            if (change.sensitive()) {
                entry.put("masked", true);
            }
            list.add(entry);
        }
        detail.put("changes", list);
        return this;
    }

    String action() {
        return action;
    }

    UUID actorId() {
        return actorId;
    }

    String actorName() {
        return actorName;
    }

    String clientAddress() {
        return clientAddress;
    }

    Subject subject() {
        return subject;
    }

    Map<String, Object> detail() {
        return detail;
    }

    /**
     * A sensitive value as it may be kept: lists such as {@code MOBILE +8613812345678; WORK +862...} item by item,
     * each keeping its type; phones, emails and anything else each with its own mask.
     */
    static String mask(String field, String value) {
        if (value == null || value.isBlank()) {
            return value;
        }
        var name = field.substring(field.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(value.split(";"))
                .map(String::strip)
                .map(item -> {
                    int space = item.indexOf(' ');
                    var type = space > 0 && item.substring(0, space).matches("[A-Z_]+")
                            ? item.substring(0, space + 1)
                            : "";
                    var text = item.substring(type.length());
                    String masked;
                    if (name.contains("phone")) {
                        masked = Masks.phone(text);
                    } else if (name.contains("email")) {
                        masked = Masks.email(text);
                    } else {
                        masked = Masks.text(text);
                    }
                    return type + masked;
                })
                .collect(Collectors.joining("; "));
    }

    private static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        return value.substring(0, max - 1) + "…";
    }
}
