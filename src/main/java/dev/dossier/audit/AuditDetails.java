package dev.dossier.audit;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** An entry's JSON detail made readable: field changes before → after, and the other facts. */
final class AuditDetails {

    private AuditDetails() {}

    /**
     * A changed field.
     *
     * @param field field name, for a contact prefixed with {@code contact.}
     * @param before value before, or null
     * @param after value after, or null
     * @param masked whether the values are masked
     */
    record Change(String field, String before, String after, boolean masked) {

        /** The field name without a {@code contact.} prefix, for its label. */
        public String name() {
            return field.startsWith("contact.") ? field.substring("contact.".length()) : field;
        }

        public boolean contact() {
            return field.startsWith("contact.");
        }
    }

    /**
     * Any other named value.
     *
     * @param key its name
     * @param value its value as text
     */
    record Fact(String key, String value) {}

    /**
     * A detail, readable.
     *
     * @param changes field changes
     * @param facts other values
     * @param redacted whether the detail was erased
     */
    record View(List<Change> changes, List<Fact> facts, boolean redacted) {}

    static View view(String json) {
        if (AuditChain.REDACTED.equals(json)) {
            return new View(List.of(), List.of(), true);
        }
        JsonNode root;
        try {
            root = AuditTrail.JSON.readTree(json);
        } catch (JacksonException e) {
            return new View(List.of(), List.of(new Fact("detail", json)), false);
        }
        var changes = new ArrayList<Change>();
        var facts = new ArrayList<Fact>();
        for (var entry : root.properties()) {
            if ("changes".equals(entry.getKey()) && entry.getValue().isArray()) {
                for (var change : entry.getValue()) {
                    changes.add(new Change(
                            text(change.get("field")),
                            text(change.get("before")),
                            text(change.get("after")),
                            change.has("masked")));
                }
            } else {
                facts.add(new Fact(entry.getKey(), text(entry.getValue())));
            }
        }
        return new View(changes, facts, false);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }
}
