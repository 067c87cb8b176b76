package dev.dossier.exchange;

import dev.dossier.customers.CustomerImport;
import dev.dossier.identity.Access.Area;
import dev.dossier.interactions.InteractionImport;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an import brings in: customers with their contacts, or the interactions of an old system's history. */
enum ImportKind {
    CUSTOMERS(Area.CUSTOMERS, "import.field.", names(CustomerImport.Field.values())),
    INTERACTIONS(Area.INTERACTIONS, "import.interaction-field.", names(InteractionImport.Field.values()));

    private final Area area;
    private final String labelPrefix;
    private final List<String> fields;

    ImportKind(Area area, String labelPrefix, List<String> fields) {
        this.area = area;
        this.labelPrefix = labelPrefix;
        this.fields = fields;
    }

    /** The area whose import right the kind needs. */
    Area area() {
        return area;
    }

    /** The fields a column can hold, in the order the wizard offers them. */
    List<String> fields() {
        return fields;
    }

    /** The message key of a field's label. */
    String label(String field) {
        return labelPrefix + field;
    }

    /** The kind's name in audit entries and links: {@code customers}, {@code interactions}. */
    String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named, customers when none is. */
    static ImportKind of(String name) {
        return name == null || name.isBlank() ? CUSTOMERS : valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
