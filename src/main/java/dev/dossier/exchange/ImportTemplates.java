package dev.dossier.exchange;

import static dev.dossier.db.Tables.IMPORT_TEMPLATE;

import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.ImportJobRecord;
import dev.dossier.db.tables.records.ImportTemplateRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Column mappings saved under a name, shared by everyone who imports: a file from the same old system gets the same
 * fields without mapping them again. A template keeps, for each header (compared regardless of case, width and
 * decoration), the field it fills. An upload whose headers include all of a template's gets the newest such
 * template's fields over the guessed ones; a template can also be applied to an import by hand.
 */
@Component
class ImportTemplates {

    /**
     * A saved mapping.
     *
     * @param id its id
     * @param name its name, unique
     * @param fields the field of each header
     * @param updatedAt last saved
     */
    record Template(UUID id, String kind, String name, Map<String, String> fields, OffsetDateTime updatedAt) {}

    private static final int MAX_NAME = 100;

    private final DSLContext db;
    private final Access access;
    private final Clock clock;

    ImportTemplates(DSLContext db, Access access, Clock clock) {
        this.db = db;
        this.access = access;
        this.clock = clock;
    }

    /** Every template, newest first. */
    @Transactional(readOnly = true)
    List<Template> all() {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        return db.selectFrom(IMPORT_TEMPLATE)
                .orderBy(IMPORT_TEMPLATE.UPDATED_AT.desc(), IMPORT_TEMPLATE.ID)
                .fetch(ImportTemplates::template);
    }

    /** The templates of one kind of import, newest first. */
    @Transactional(readOnly = true)
    List<Template> all(ImportKind kind) {
        return all().stream().filter(t -> t.kind().equals(kind.name())).toList();
    }

    private static Template template(ImportTemplateRecord r) {
        return new Template(r.getId(), r.getKind(), r.getName(), parse(r.getMapping()), r.getUpdatedAt());
    }

    /** Saves an import's mapping under a name, replacing a template of that name. */
    @Transactional
    Template save(ImportJobRecord job, String name) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        var clean = name == null ? "" : name.replaceAll("\\p{Cntrl}", "").strip();
        if (clean.isEmpty()) {
            throw new ValidationException(List.of(new FieldProblem("name", "field.required")));
        }
        if (clean.length() > MAX_NAME) {
            throw new ValidationException(List.of(new FieldProblem("name", "field.too-long", MAX_NAME)));
        }
        var headers = Imports.headers(job);
        var fields = new LinkedHashMap<String, String>();
        ColumnMapping.parse(job.getMapping()).forEach((column, field) -> {
            if (column < headers.size()
                    && !ColumnMapping.key(headers.get(column)).isEmpty()) {
                fields.put(ColumnMapping.key(headers.get(column)), field);
            }
        });
        if (fields.isEmpty()) {
            throw new ValidationException(List.of(new FieldProblem("name", "import.template.empty")));
        }
        var now = OffsetDateTime.now(clock);
        var by = CurrentUser.get().id();
        var row = db.selectFrom(IMPORT_TEMPLATE)
                .where(IMPORT_TEMPLATE.NAME.eq(clean))
                .and(IMPORT_TEMPLATE.KIND.eq(job.getKind()))
                .forUpdate()
                .fetchOptional()
                .orElse(null);
        if (row == null) {
            row = Stamps.created(db.newRecord(IMPORT_TEMPLATE), by, now);
            row.setId(UUID.randomUUID());
            row.setName(clean);
            row.setKind(job.getKind());
            row.setMapping(text(fields));
            row.insert();
        } else {
            row.setMapping(text(fields));
            Stamps.changed(row, by, now);
            row.update();
        }
        return new Template(row.getId(), row.getKind(), row.getName(), fields, row.getUpdatedAt());
    }

    /** Removes a template. */
    @Transactional
    void delete(UUID id) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        if (db.deleteFrom(IMPORT_TEMPLATE).where(IMPORT_TEMPLATE.ID.eq(id)).execute() == 0) {
            throw new NotFoundException("Template");
        }
    }

    /** A template by id. */
    @Transactional(readOnly = true)
    Template get(UUID id) {
        access.require(Area.CUSTOMERS, Operation.IMPORT);
        return db.selectFrom(IMPORT_TEMPLATE)
                .where(IMPORT_TEMPLATE.ID.eq(id))
                .fetchOptional(ImportTemplates::template)
                .orElseThrow(() -> new NotFoundException("Template"));
    }

    /** The columns' fields by a template: each column whose header the template knows. */
    static Map<Integer, String> apply(Template template, List<String> headers) {
        var mapping = new LinkedHashMap<Integer, String>();
        var used = new java.util.HashSet<String>();
        for (int i = 0; i < headers.size(); i++) {
            var field = template.fields().get(ColumnMapping.key(headers.get(i)));
            if (field != null && used.add(field)) {
                mapping.put(i, field);
            }
        }
        return mapping;
    }

    /** The newest template of the kind all of whose headers the file has, if any. */
    java.util.Optional<Template> fitting(ImportKind kind, List<String> headers) {
        var keys = headers.stream().map(ColumnMapping::key).collect(java.util.stream.Collectors.toSet());
        return db
                .selectFrom(IMPORT_TEMPLATE)
                .where(IMPORT_TEMPLATE.KIND.eq(kind.name()))
                .orderBy(IMPORT_TEMPLATE.UPDATED_AT.desc(), IMPORT_TEMPLATE.ID)
                .limit(200)
                .fetch(ImportTemplates::template)
                .stream()
                .filter(t -> keys.containsAll(t.fields().keySet()))
                .findFirst();
    }

    private static String text(Map<String, String> fields) {
        var text = new StringBuilder();
        fields.forEach((header, field) -> text.append(header.replace('\u001f', ' '))
                .append('\u001e')
                .append(field)
                .append('\u001f'));
        return text.toString();
    }

    private static Map<String, String> parse(String text) {
        var fields = new LinkedHashMap<String, String>();
        for (var pair : text.split("\u001f")) {
            int cut = pair.indexOf('\u001e');
            if (cut > 0) {
                fields.put(pair.substring(0, cut), pair.substring(cut + 1));
            }
        }
        return fields;
    }
}
