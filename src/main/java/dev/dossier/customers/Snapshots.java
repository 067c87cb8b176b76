package dev.dossier.customers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Field-by-field views of details, and the differences between two of them, for the history. */
final class Snapshots {

    private Snapshots() {}

    static Map<String, String> of(CustomerDetails d) {
        var map = new LinkedHashMap<String, String>();
        map.put("type", name(d.type()));
        map.put("name", d.name());
        map.put("legalName", d.legalName());
        map.put("gender", name(d.gender()));
        map.put("birthDate", d.birthDate() == null ? null : d.birthDate().toString());
        map.put("industry", name(d.industry()));
        map.put("companySize", name(d.companySize()));
        map.put("website", d.website());
        map.put("grade", name(d.grade()));
        map.put("lifecycleStage", name(d.lifecycleStage()));
        map.put("region", name(d.region()));
        map.put("sourceChannel", name(d.sourceChannel()));
        map.put("country", d.address().country());
        map.put("province", d.address().province());
        map.put("city", d.address().city());
        map.put("district", d.address().district());
        map.put("addressLine", d.address().line());
        map.put("postalCode", d.address().postalCode());
        points(map, d.contactPoints());
        map.put("tags", d.tags().isEmpty() ? null : String.join(", ", d.tags()));
        map.put("ownerId", d.ownerId() == null ? null : d.ownerId().toString());
        map.put("teamId", d.teamId() == null ? null : d.teamId().toString());
        map.put("remarks", d.remarks());
        var id = d.identification();
        map.put("idDocumentType", name(id.documentType()));
        map.put("idDocumentNumber", id.documentNumber());
        map.put("bankName", id.bankName());
        map.put("bankAccount", id.bankAccount());
        map.put("preferredLanguage", d.preferredLanguage());
        return map;
    }

    static Map<String, String> of(ContactDetails d) {
        var map = new LinkedHashMap<String, String>();
        map.put("name", d.name());
        map.put("gender", name(d.gender()));
        map.put("birthDate", d.birthDate() == null ? null : d.birthDate().toString());
        map.put("jobTitle", d.jobTitle());
        map.put("department", d.department());
        map.put("decisionRole", name(d.decisionRole()));
        points(map, d.contactPoints());
        map.put("remarks", d.remarks());
        return map;
    }

    private static void points(Map<String, String> map, ContactPoints p) {
        map.put(
                "phones",
                join(p.phones().stream()
                        .map(x -> x.type() + " " + x.number().e164())
                        .toList()));
        map.put(
                "emails",
                join(p.emails().stream()
                        .map(x -> x.type() + " " + x.address().value())
                        .toList()));
        map.put(
                "socialAccounts",
                join(p.socialAccounts().stream()
                        .map(x -> x.type() + " " + x.handle())
                        .toList()));
    }

    /** The fields whose values differ; with {@code before} empty, every field that has a value. */
    static List<FieldChange> diff(Map<String, String> before, Map<String, String> after) {
        var changes = new ArrayList<FieldChange>();
        for (var entry : after.entrySet()) {
            var old = before.get(entry.getKey());
            if (!Objects.equals(old, entry.getValue())) {
                changes.add(new FieldChange(entry.getKey(), old, entry.getValue()));
            }
        }
        return changes;
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? null : values.stream().collect(Collectors.joining("; "));
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** Fields whose values are personal information kept out of plain-text copies. */
    static final java.util.Set<String> SENSITIVE = CustomerCrypto.ALWAYS_SENSITIVE;

    /**
     * Changes as other modules receive them in events. Sensitive values leave masked: events are stored until they
     * are delivered, and no plain sensitive value may be written outside its encrypted column.
     */
    static List<dev.dossier.shared.ValueChange> valueChanges(
            String prefix, List<FieldChange> changes, java.util.function.Predicate<String> markedSensitive) {
        return changes.stream()
                .map(c -> {
                    boolean sensitive = SENSITIVE.contains(c.field()) || markedSensitive.test(c.field());
                    return new dev.dossier.shared.ValueChange(
                            prefix + c.field(),
                            sensitive ? mask(c.field(), c.oldValue()) : c.oldValue(),
                            sensitive ? mask(c.field(), c.newValue()) : c.newValue(),
                            sensitive);
                })
                .toList();
    }

    /** A stored value of a sensitive field, masked part by part ("MOBILE +8613812345678; …"). */
    static String mask(String field, String value) {
        if (value == null) {
            return null;
        }
        return java.util.Arrays.stream(value.split("; "))
                .map(part -> {
                    int space = part.indexOf(' ');
                    boolean typed =
                            List.of("phones", "emails", "socialAccounts").contains(field) && space > 0;
                    var type = typed ? part.substring(0, space + 1) : "";
                    var raw = typed ? part.substring(space + 1) : part;
                    return type
                            + switch (field) {
                                case "phones" -> dev.dossier.shared.Masks.phone(raw);
                                case "emails" -> dev.dossier.shared.Masks.email(raw);
                                case "idDocumentNumber", "bankAccount" -> dev.dossier.shared.Masks.number(raw);
                                case "birthDate" -> "****";
                                default -> dev.dossier.shared.Masks.text(raw);
                            };
                })
                .collect(Collectors.joining("; "));
    }
}
