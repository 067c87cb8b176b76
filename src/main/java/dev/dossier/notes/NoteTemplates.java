package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE_TEMPLATE;
import static dev.dossier.db.Tables.NOTE_TEMPLATE_SECTION;

import dev.dossier.db.InLists;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.NoteTemplateSectionRecord;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Note templates and their sections. Four templates ship with Dossier (basic information, communication record,
 * needs analysis, follow-up plan); they are written to the database the first time templates are asked for, so a new
 * database holds no rows, and from then on administrators change them like their own. Shipped names and section
 * titles come from the messages, so each reader sees them in their language.
 */
@Service
class NoteTemplates {

    /**
     * A section of a template.
     *
     * @param id id
     * @param code the shipped section's code, or null
     * @param title the heading, in the reader's language for shipped sections
     * @param required whether a note must fill it
     * @param removed whether an administrator removed it (notes written to it keep it)
     */
    record Section(UUID id, String code, String title, boolean required, boolean removed) {}

    /**
     * A template.
     *
     * @param id id
     * @param code the shipped template's code, or null
     * @param name its name, in the reader's language for shipped ones
     * @param retired whether new notes may no longer use it
     * @param version version
     * @param sections its sections in order, removed ones left out
     */
    record Template(UUID id, String code, String name, boolean retired, int version, List<Section> sections) {

        public boolean shipped() {
            return code != null;
        }
    }

    /**
     * A section as an administrator lists it when changing a template.
     *
     * @param id an existing section, or null for a new one
     * @param title the heading (ignored for shipped sections, whose heading is translated)
     * @param required whether a note must fill it
     */
    record SectionDraft(UUID id, @Size(max = 200) String title, Boolean required) {

        SectionDraft {
            title = Inputs.trim(title);
        }

        boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }
    }

    /**
     * A template's name and sections as typed or sent.
     *
     * @param name its name, at most 200 characters
     * @param sections its sections in order, at least one
     */
    private record TemplateDraft(
            @NotNull @Size(max = 200) String name,

            @NotEmpty(message = "{note.template.sections.required}")
            List<@NotNull @Valid SectionDraft> sections) {

        TemplateDraft {
            name = Inputs.trim(name);
        }
    }

    private record Shipped(String code, List<String> sections, List<String> required) {}

    private static final List<Shipped> SHIPPED = List.of(
            new Shipped("basic", List.of("summary", "people", "details"), List.of("summary")),
            new Shipped(
                    "communication",
                    List.of("purpose", "discussion", "outcome", "next-steps"),
                    List.of("purpose", "discussion")),
            new Shipped(
                    "needs",
                    List.of("background", "pain-points", "budget", "decision-process", "timeline"),
                    List.of("background", "pain-points", "timeline")),
            new Shipped("follow-up", List.of("goal", "actions", "due", "resources"), List.of("goal", "actions")));

    private final DSLContext db;
    private final MessageSource messages;
    private final Clock clock;

    NoteTemplates(DSLContext db, MessageSource messages, Clock clock) {
        this.db = db;
        this.messages = messages;
        this.clock = clock;
    }

    /** Every template, shipped ones first; retired ones only when asked. */
    @Transactional
    List<Template> list(boolean withRetired) {
        ensureShipped();
        var condition = withRetired ? NOTE_TEMPLATE.ID.isNotNull() : NOTE_TEMPLATE.RETIRED_AT.isNull();
        var templates = db.selectFrom(NOTE_TEMPLATE)
                .where(condition)
                .orderBy(NOTE_TEMPLATE.CODE.isNull(), NOTE_TEMPLATE.CREATED_AT, NOTE_TEMPLATE.ID)
                .fetch();
        var sections = db
                .selectFrom(NOTE_TEMPLATE_SECTION)
                .where(NOTE_TEMPLATE_SECTION.TEMPLATE_ID.in(templates.map(t -> t.getId())))
                .and(NOTE_TEMPLATE_SECTION.DELETED_AT.isNull())
                .orderBy(NOTE_TEMPLATE_SECTION.SORT_ORDER, NOTE_TEMPLATE_SECTION.ID)
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(NoteTemplateSectionRecord::getTemplateId));
        return templates.map(t -> new Template(
                t.getId(),
                t.getCode(),
                name(t.getCode(), t.getName()),
                t.getRetiredAt() != null,
                t.getVersion(),
                sections.getOrDefault(t.getId(), List.of()).stream()
                        .map(this::section)
                        .toList()));
    }

    /** One template with its current sections; 404 when there is none. */
    @Transactional
    Template get(UUID id) {
        return list(true).stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("note template"));
    }

    /** Every section a template ever had, removed ones included, by id: the headings of older notes. */
    @Transactional(readOnly = true)
    Map<UUID, Section> allSections(UUID templateId) {
        return db
                .selectFrom(NOTE_TEMPLATE_SECTION)
                .where(NOTE_TEMPLATE_SECTION.TEMPLATE_ID.eq(templateId))
                .fetch()
                .stream()
                .collect(Collectors.toMap(NoteTemplateSectionRecord::getId, this::section));
    }

    /** A template's name in the reader's language. */
    String name(String code, String name) {
        return code == null ? name : text("note.template." + code);
    }

    @Transactional
    Template create(String name, List<SectionDraft> sections) {
        ensureShipped();
        var draft = new TemplateDraft(name, sections);
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        checkSections(problems, sections);
        checkKnown(problems, sections, Set.of());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = now();
        var by = CurrentUser.actor().userId();
        var id = UUID.randomUUID();
        db.insertInto(NOTE_TEMPLATE)
                .set(NOTE_TEMPLATE.ID, id)
                .set(NOTE_TEMPLATE.NAME, draft.name())
                .set(Stamps.created(NOTE_TEMPLATE, by, now))
                .execute();
        writeSections(id, List.of(), sections, now, by);
        return get(id);
    }

    /**
     * Renames a template and sets its sections: listed ones in the given order, new ones (no id) added, missing ones
     * removed. Notes already written keep their text under the removed sections.
     */
    @Transactional
    Template update(UUID id, int version, String name, List<SectionDraft> sections) {
        var current = get(id);
        // A shipped template keeps its translated name: a name sent for it is not read.
        var draft = new TemplateDraft(current.shipped() ? current.name() : name, sections);
        var problems = new ArrayList<>(FieldRules.check("field", draft));
        checkSections(problems, sections);
        checkKnown(
                problems, sections, current.sections().stream().map(Section::id).collect(Collectors.toSet()));
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var now = now();
        var by = CurrentUser.actor().userId();
        bump(id, version, now, by, current.shipped() ? null : draft.name());
        writeSections(id, current.sections(), sections, now, by);
        return get(id);
    }

    /** Retires a template (no new notes use it) or brings it back. */
    @Transactional
    Template retire(UUID id, int version, boolean retired) {
        get(id);
        var now = now();
        int updated = db.update(NOTE_TEMPLATE)
                .set(NOTE_TEMPLATE.RETIRED_AT, retired ? now : null)
                .set(Stamps.changed(NOTE_TEMPLATE, CurrentUser.actor().userId(), now))
                .where(NOTE_TEMPLATE.ID.eq(id))
                .and(NOTE_TEMPLATE.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Note template", currentVersion(id));
        }
        return get(id);
    }

    /** The sections as drafts, to change one thing and write them back. */
    static List<SectionDraft> drafts(Template template) {
        return new ArrayList<>(template.sections().stream()
                .map(s -> new SectionDraft(s.id(), s.code() == null ? s.title() : null, s.required()))
                .toList());
    }

    private void bump(UUID id, int version, OffsetDateTime now, UUID by, String name) {
        var update = db.update(NOTE_TEMPLATE)
                .set(NOTE_TEMPLATE.UPDATED_AT, now)
                .set(NOTE_TEMPLATE.UPDATED_BY, by)
                .set(NOTE_TEMPLATE.VERSION, version + 1);
        if (name != null) {
            update = update.set(NOTE_TEMPLATE.NAME, name);
        }
        if (update.where(NOTE_TEMPLATE.ID.eq(id))
                        .and(NOTE_TEMPLATE.VERSION.eq(version))
                        .execute()
                == 0) {
            throw new StaleVersionException("Note template", currentVersion(id));
        }
    }

    private int currentVersion(UUID id) {
        return db.select(NOTE_TEMPLATE.VERSION)
                .from(NOTE_TEMPLATE)
                .where(NOTE_TEMPLATE.ID.eq(id))
                .fetchOptional(NOTE_TEMPLATE.VERSION)
                .orElse(0);
    }

    /** A section given by id must be one of the template's: a new template has none yet. */
    private static void checkKnown(List<FieldProblem> problems, List<SectionDraft> sections, Set<UUID> known) {
        for (int i = 0; sections != null && i < sections.size(); i++) {
            var s = sections.get(i);
            if (s != null && s.id() != null && !known.contains(s.id())) {
                problems.add(new FieldProblem("sections[" + i + "].id", "note.template.section.unknown"));
            }
        }
    }

    /** Across the fields of each section: an id at most once, a title for each new section. */
    private static void checkSections(List<FieldProblem> problems, List<SectionDraft> sections) {
        var seen = new HashSet<UUID>();
        for (int i = 0; sections != null && i < sections.size(); i++) {
            var s = sections.get(i);
            if (s != null && s.id() != null && !seen.add(s.id())) {
                problems.add(new FieldProblem("sections[" + i + "].id", "note.template.section.twice"));
            }
            if (s != null && s.id() == null && s.title() == null) {
                problems.add(new FieldProblem("sections[" + i + "].title", "field.required"));
            }
        }
    }

    private void writeSections(
            UUID templateId, List<Section> current, List<SectionDraft> sections, OffsetDateTime now, UUID by) {
        var kept = new HashSet<UUID>();
        var byId = current.stream().collect(Collectors.toMap(Section::id, s -> s));
        for (int i = 0; i < sections.size(); i++) {
            var s = sections.get(i);
            if (s.id() == null) {
                db.insertInto(NOTE_TEMPLATE_SECTION)
                        .set(NOTE_TEMPLATE_SECTION.ID, UUID.randomUUID())
                        .set(NOTE_TEMPLATE_SECTION.TEMPLATE_ID, templateId)
                        .set(NOTE_TEMPLATE_SECTION.SORT_ORDER, i)
                        .set(NOTE_TEMPLATE_SECTION.TITLE, s.title())
                        .set(NOTE_TEMPLATE_SECTION.REQUIRED, s.isRequired())
                        .set(Stamps.created(NOTE_TEMPLATE_SECTION, by, now))
                        .execute();
                continue;
            }
            kept.add(s.id());
            var old = byId.get(s.id());
            var title = old.code() == null ? s.title() : null;
            var update = db.update(NOTE_TEMPLATE_SECTION)
                    .set(NOTE_TEMPLATE_SECTION.SORT_ORDER, i)
                    .set(NOTE_TEMPLATE_SECTION.REQUIRED, s.isRequired())
                    .set(NOTE_TEMPLATE_SECTION.UPDATED_AT, now)
                    .set(NOTE_TEMPLATE_SECTION.UPDATED_BY, by)
                    .set(NOTE_TEMPLATE_SECTION.VERSION, NOTE_TEMPLATE_SECTION.VERSION.plus(1));
            if (title != null) {
                update = update.set(NOTE_TEMPLATE_SECTION.TITLE, title);
            }
            update.where(NOTE_TEMPLATE_SECTION.ID.eq(s.id())).execute();
        }
        var removed = current.stream()
                .map(Section::id)
                .filter(id -> !kept.contains(id))
                .toList();
        if (!removed.isEmpty()) {
            db.update(NOTE_TEMPLATE_SECTION)
                    .set(NOTE_TEMPLATE_SECTION.DELETED_AT, now)
                    .set(Stamps.changed(NOTE_TEMPLATE_SECTION, by, now))
                    .where(InLists.in(db, NOTE_TEMPLATE_SECTION.ID, removed))
                    .execute();
        }
    }

    /** Writes the shipped templates that are not in the database yet. */
    private void ensureShipped() {
        var present = new HashSet<>(db.select(NOTE_TEMPLATE.CODE)
                .from(NOTE_TEMPLATE)
                .where(NOTE_TEMPLATE.CODE.isNotNull())
                .fetch(NOTE_TEMPLATE.CODE));
        var now = now();
        for (var shipped : SHIPPED) {
            if (present.contains(shipped.code())) {
                continue;
            }
            var id = UUID.randomUUID();
            int inserted = db.insertInto(NOTE_TEMPLATE)
                    .set(NOTE_TEMPLATE.ID, id)
                    .set(NOTE_TEMPLATE.CODE, shipped.code())
                    .set(NOTE_TEMPLATE.CREATED_AT, now)
                    .set(NOTE_TEMPLATE.UPDATED_AT, now)
                    .set(NOTE_TEMPLATE.VERSION, 0)
                    .onConflict(NOTE_TEMPLATE.CODE)
                    .doNothing()
                    .execute();
            if (inserted == 0) {
                continue;
            }
            for (int i = 0; i < shipped.sections().size(); i++) {
                var code = shipped.sections().get(i);
                db.insertInto(NOTE_TEMPLATE_SECTION)
                        .set(NOTE_TEMPLATE_SECTION.ID, UUID.randomUUID())
                        .set(NOTE_TEMPLATE_SECTION.TEMPLATE_ID, id)
                        .set(NOTE_TEMPLATE_SECTION.SORT_ORDER, i)
                        .set(NOTE_TEMPLATE_SECTION.CODE, code)
                        .set(NOTE_TEMPLATE_SECTION.REQUIRED, shipped.required().contains(code))
                        .set(NOTE_TEMPLATE_SECTION.CREATED_AT, now)
                        .set(NOTE_TEMPLATE_SECTION.UPDATED_AT, now)
                        .set(NOTE_TEMPLATE_SECTION.VERSION, 0)
                        .execute();
            }
        }
    }

    private Section section(NoteTemplateSectionRecord r) {
        var title = r.getTitle() != null
                ? r.getTitle()
                : text("note.section." + Objects.requireNonNullElse(r.getCode(), ""));
        return new Section(r.getId(), r.getCode(), title, r.getRequired(), r.getDeletedAt() != null);
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
