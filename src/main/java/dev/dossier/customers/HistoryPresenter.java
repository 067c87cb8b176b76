package dev.dossier.customers;

import dev.dossier.identity.FieldGroup;
import dev.dossier.identity.FieldLevel;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.Formats;
import dev.dossier.shared.Masks;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Writes the history of a dossier in the reader's language: field names, option labels, people's names. */
@Component
class HistoryPresenter {

    private static final Map<String, String> ENUM_FIELDS = Map.of(
            "type",
            "CustomerType",
            "grade",
            "Grade",
            "lifecycleStage",
            "LifecycleStage",
            "gender",
            "Gender",
            "industry",
            "Industry",
            "companySize",
            "CompanySize",
            "region",
            "Region",
            "sourceChannel",
            "SourceChannel",
            "decisionRole",
            "DecisionRole",
            "idDocumentType",
            "IdDocumentType");

    /**
     * A field change as shown.
     *
     * @param label the field's name
     * @param before old value as text
     * @param after new value as text
     */
    record Line(String label, String before, String after) {}

    /**
     * A history entry as shown.
     *
     * @param kind customer or contact, as text
     * @param subject the name of what changed
     * @param action what was done, as text
     * @param action code of the action, for styling
     * @param at when
     * @param by who
     * @param lines the changed fields
     * @param imported whether the change came from an import
     */
    record Shown(
            String kind,
            String subject,
            String action,
            String actionCode,
            OffsetDateTime at,
            String by,
            List<Line> lines,
            boolean imported) {}

    /** Fields of a field group the reader must be allowed to see; the rest are basic. */
    private static final Map<String, FieldGroup> GROUPS = Map.ofEntries(
            Map.entry("phones", FieldGroup.CONTACT),
            Map.entry("emails", FieldGroup.CONTACT),
            Map.entry("socialAccounts", FieldGroup.CONTACT),
            Map.entry("birthDate", FieldGroup.IDENTITY),
            Map.entry("country", FieldGroup.ADDRESS),
            Map.entry("province", FieldGroup.ADDRESS),
            Map.entry("city", FieldGroup.ADDRESS),
            Map.entry("district", FieldGroup.ADDRESS),
            Map.entry("addressLine", FieldGroup.ADDRESS),
            Map.entry("postalCode", FieldGroup.ADDRESS),
            Map.entry("idDocumentType", FieldGroup.IDENTITY),
            Map.entry("idDocumentNumber", FieldGroup.IDENTITY),
            Map.entry("bankName", FieldGroup.FINANCIAL),
            Map.entry("bankAccount", FieldGroup.FINANCIAL));
    /** Address fields shown as they are to whoever sees addresses at all, as on the dossier. */
    private static final java.util.Set<String> COARSE =
            java.util.Set.of("country", "province", "city", "idDocumentType", "bankName");

    private final MessageSource messages;
    private final UserDirectory directory;
    private final Formats formats;
    private final FieldSecurity fields;

    HistoryPresenter(MessageSource messages, UserDirectory directory, Formats formats, FieldSecurity fields) {
        this.messages = messages;
        this.directory = directory;
        this.formats = formats;
        this.fields = fields;
    }

    /** How much the reader sees of a field's values. */
    private FieldLevel level(String field) {
        var group = GROUPS.get(field);
        if (group == null) {
            return FieldLevel.EDIT;
        }
        var level = fields.level(group);
        return level.visible() && COARSE.contains(field) ? FieldLevel.READ : level;
    }

    List<Shown> present(List<ChangeHistory.Entry> entries) {
        var locale = LocaleContextHolder.getLocale();
        var ids = new HashSet<UUID>();
        for (var e : entries) {
            if (e.changedBy() != null) {
                ids.add(e.changedBy());
            }
            for (var f : e.fields()) {
                if (f.field().equals("ownerId")) {
                    addId(ids, f.oldValue());
                    addId(ids, f.newValue());
                }
            }
        }
        var users = directory.users(ids);
        var teams = directory.teamsById();
        return entries.stream()
                .map(e -> new Shown(
                        text("history.kind." + e.subjectKind(), locale),
                        e.subjectLabel(),
                        text("history.action." + e.action(), locale),
                        e.action().name(),
                        e.changedAt(),
                        e.changedBy() == null
                                ? text("history.system", locale)
                                : users.containsKey(e.changedBy())
                                        ? users.get(e.changedBy()).displayName()
                                        : "?",
                        e.fields().stream()
                                .filter(f -> level(f.field()).visible())
                                .map(f -> new Line(
                                        text(
                                                "history.field."
                                                        + ("CONTACT".equals(e.subjectKind())
                                                                        && f.field()
                                                                                .equals("name")
                                                                ? "personName"
                                                                : f.field()),
                                                locale),
                                        value(f.field(), f.oldValue(), users, teams, locale),
                                        value(f.field(), f.newValue(), users, teams, locale)))
                                .toList(),
                        e.imported()))
                .toList();
    }

    private String value(
            String field,
            String raw,
            Map<UUID, UserDirectory.UserSummary> users,
            Map<UUID, UserDirectory.TeamSummary> teams,
            Locale locale) {
        if (raw == null) {
            return "";
        }
        boolean full = level(field).full();
        if (!full && !List.of("phones", "emails", "socialAccounts").contains(field)) {
            return field.equals("birthDate") ? "****" : Masks.text(raw);
        }
        if (ENUM_FIELDS.containsKey(field)) {
            return text("enum." + ENUM_FIELDS.get(field) + "." + raw, locale);
        }
        try {
            if (field.equals("ownerId")) {
                var user = users.get(UUID.fromString(raw));
                return user == null ? raw : user.displayName();
            }
            if (field.equals("teamId")) {
                var team = teams.get(UUID.fromString(raw));
                return team == null ? raw : team.name();
            }
        } catch (IllegalArgumentException e) {
            return raw;
        }
        if (field.equals("phones") || field.equals("emails") || field.equals("socialAccounts")) {
            var enumName = switch (field) {
                case "phones" -> "PhoneType";
                case "emails" -> "EmailType";
                default -> "SocialType";
            };
            var parts = raw.split("; ");
            var out = new StringBuilder();
            for (var part : parts) {
                int space = part.indexOf(' ');
                if (!out.isEmpty()) {
                    out.append("; ");
                }
                if (space < 0) {
                    out.append(full ? part : Masks.text(part));
                    continue;
                }
                var value = part.substring(space + 1);
                out.append(text("enum." + enumName + "." + part.substring(0, space), locale))
                        .append(' ')
                        .append(
                                full
                                        ? (field.equals("phones") ? formats.phone(value) : value)
                                        : switch (field) {
                                            case "phones" -> Masks.phone(value);
                                            case "emails" -> Masks.email(value);
                                            default -> Masks.text(value);
                                        });
            }
            return out.toString();
        }
        return raw;
    }

    private static void addId(HashSet<UUID> ids, String value) {
        try {
            if (value != null) {
                ids.add(UUID.fromString(value));
            }
        } catch (IllegalArgumentException ignored) {
            // not an id: nothing to look up
        }
    }

    private String text(String code, Locale locale) {
        return messages.getMessage(code, null, code, locale);
    }
}
