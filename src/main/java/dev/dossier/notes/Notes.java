package dev.dossier.notes;

import static dev.dossier.db.Tables.NOTE;
import static dev.dossier.db.Tables.NOTE_REVISION;
import static dev.dossier.db.Tables.NOTE_SECTION;
import static dev.dossier.db.Tables.NOTE_TEMPLATE;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.NoteRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.OwnedRecord;
import dev.dossier.identity.SignedInUser;
import dev.dossier.notes.NoteEvents.NoteDeleted;
import dev.dossier.notes.NoteEvents.NoteEdited;
import dev.dossier.notes.NoteEvents.NoteWritten;
import dev.dossier.notes.TermMatcher.Finding;
import dev.dossier.shared.Cursor;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.Slice;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.Subjects;
import dev.dossier.shared.ValidationException;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Notes about a customer, a contact, an interaction or a task: written to a template, one text a section, with a
 * category and tags. Every save keeps what the note said before as a revision; deleting moves a note out of sight.
 * A note is seen by whoever reaches its customer; it is changed by those whose scope in the notes area covers its
 * author.
 */
@Service
class Notes {

    static final int MAX_SECTION = 20_000;

    /**
     * A note as typed or sent.
     *
     * @param subject what it is about, e.g. {@code customer:…} (ignored on edit)
     * @param templateId its template (ignored on edit)
     * @param category a {@link NoteCategory} name
     * @param tags free tags
     * @param sections each section's text by section id, with the little formatting allowed
     * @param occurredAt when what it is about happened, or null for now
     */
    record NoteDraft(
            String subject,
            UUID templateId,

            @NotNull @OneOf(value = NoteCategory.class, message = "{field.invalid}")
            String category,

            List<String> tags,
            Map<UUID, String> sections,
            OffsetDateTime occurredAt) {

        NoteDraft {
            subject = Inputs.trim(subject);
            category = Inputs.trim(category);
        }
    }

    /**
     * A section's text.
     *
     * @param sectionId the template's section
     * @param title its heading
     * @param required whether the template requires it now
     * @param html the text, sanitised
     */
    record SectionText(UUID sectionId, String title, boolean required, String html) {}

    /**
     * A note with everything it says.
     *
     * @param id id
     * @param customerId the customer it belongs to
     * @param subject what it is about
     * @param templateId its template
     * @param templateName the template's name
     * @param category category
     * @param tags tags
     * @param sections its sections in the template's order
     * @param nonstandard words to avoid it used, with their standard terms
     * @param authorId who wrote it
     * @param occurredAt when what it is about happened
     * @param createdAt when it was written
     * @param editedAt when it was last changed, or null
     * @param editedBy who changed it last, or null
     * @param version version
     */
    record Note(
            UUID id,
            UUID customerId,
            Subject subject,
            UUID templateId,
            String templateName,
            NoteCategory category,
            List<String> tags,
            List<SectionText> sections,
            List<Finding> nonstandard,
            UUID authorId,
            OffsetDateTime occurredAt,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt,
            UUID editedBy,
            int version) {}

    /**
     * A note in a list.
     *
     * @param id id
     * @param customerId customer
     * @param subject what it is about
     * @param templateName its template's name
     * @param category category
     * @param tags tags
     * @param excerpt the start of its text
     * @param nonstandard whether it uses words to avoid
     * @param authorId who wrote it
     * @param createdAt when
     * @param editedAt when it was last changed, or null
     */
    record NoteSummary(
            UUID id,
            UUID customerId,
            Subject subject,
            String templateName,
            NoteCategory category,
            List<String> tags,
            String excerpt,
            boolean nonstandard,
            UUID authorId,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt) {}

    /**
     * What a note said before a save.
     *
     * @param revision its number, 1 for the first text
     * @param category category then
     * @param tags tags then
     * @param sections sections then
     * @param writtenAt when that text was saved
     * @param writtenBy who saved it
     */
    record Revision(
            int revision,
            NoteCategory category,
            List<String> tags,
            List<SectionText> sections,
            OffsetDateTime writtenAt,
            UUID writtenBy) {}

    /** A section of a revision, as stored in JSON. */
    record StoredSection(UUID sectionId, String title, String body) {}

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final Subjects subjects;
    private final NoteTemplates templates;
    private final StandardTerms terms;
    private final MentionNotices mentions;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final Clock clock;

    Notes(
            DSLContext db,
            Access access,
            CustomerDirectory customers,
            Subjects subjects,
            NoteTemplates templates,
            StandardTerms terms,
            MentionNotices mentions,
            ApplicationEventPublisher events,
            ObjectMapper json,
            Clock clock) {
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.subjects = subjects;
        this.templates = templates;
        this.terms = terms;
        this.mentions = mentions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    Note write(NoteDraft draft) {
        var problems = new ArrayList<FieldProblem>();
        Subject subject = null;
        if (draft.subject() == null) {
            problems.add(new FieldProblem("subject", "field.required"));
        } else {
            subject = Subject.parse(draft.subject());
        }
        var view = subject == null ? null : subjects.require(subject);
        if (view != null && view.customerId() == null) {
            problems.add(new FieldProblem("subject", "note.subject.no-customer"));
        }
        NoteTemplates.Template template = null;
        if (draft.templateId() == null) {
            problems.add(new FieldProblem("templateId", "field.required"));
        } else {
            template = templates.list(false).stream()
                    .filter(t -> t.id().equals(draft.templateId()))
                    .findFirst()
                    .orElse(null);
            if (template == null) {
                problems.add(new FieldProblem("templateId", "note.template.unavailable"));
            }
        }
        var now = now();
        var occurredAt = draft.occurredAt() == null ? now : draft.occurredAt();
        if (occurredAt.isAfter(now.plusMinutes(5))) {
            problems.add(new FieldProblem("occurredAt", "note.occurred.future"));
        }
        var content = check(draft, template == null ? List.of() : template.sections(), problems);
        mentions.requireReach(content.mentionedNames(), view == null ? null : view.customerId(), "sections", problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var user = CurrentUser.find();
        var by = user.map(SignedInUser::id).orElse(null);
        var id = UUID.randomUUID();
        long lag = Math.max(0, Duration.between(occurredAt, now).toMinutes());
        db.insertInto(NOTE)
                .set(NOTE.ID, id)
                .set(NOTE.CUSTOMER_ID, view.customerId())
                .set(NOTE.SUBJECT_TYPE, subject.type())
                .set(NOTE.SUBJECT_ID, subject.id())
                .set(NOTE.TEMPLATE_ID, template.id())
                .set(NOTE.CATEGORY, content.category().name())
                .set(NOTE.TAGS, tags(content.tags()))
                .set(NOTE.EXCERPT, RichText.excerpt(content.plain(), 500))
                .set(NOTE.NONSTANDARD_TERMS, findings(content.findings()))
                .set(NOTE.AUTHOR_ID, by)
                .set(NOTE.TEAM_ID, user.map(SignedInUser::teamId).orElse(null))
                .set(NOTE.OCCURRED_AT, occurredAt)
                .set(NOTE.LAG_MINUTES, (int) Math.min(lag, Integer.MAX_VALUE))
                .set(Stamps.created(NOTE, by, now))
                .execute();
        writeSections(id, content.sections(), now, by);
        events.publishEvent(new NoteWritten(id, view.customerId(), by));
        mentions.notify(
                content.mentioned(), view.title(), content.plain(), "/notes/" + id, view.customerId(), "mention:" + id);
        return get(id);
    }

    @Transactional
    Note edit(UUID id, int version, NoteDraft draft) {
        var row = require(id, Operation.EDIT);
        var before = get(id);
        var problems = new ArrayList<FieldProblem>();
        var template = templates.get(row.getTemplateId());
        // The template's sections now, and any removed section this note has text under.
        var editable = new ArrayList<>(template.sections());
        var all = templates.allSections(row.getTemplateId());
        before.sections().stream()
                .filter(s -> editable.stream().noneMatch(e -> e.id().equals(s.sectionId())))
                .forEach(s -> editable.add(all.get(s.sectionId())));
        var content = check(draft, editable, problems);
        mentions.requireReach(content.mentionedNames(), row.getCustomerId(), "sections", problems);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        if (row.getVersion() != version) {
            throw new StaleVersionException("Note", row.getVersion());
        }
        var now = now();
        var by = CurrentUser.actor().userId();
        int revision = db.fetchCount(NOTE_REVISION, NOTE_REVISION.NOTE_ID.eq(id)) + 1;
        db.insertInto(NOTE_REVISION)
                .set(NOTE_REVISION.ID, UUID.randomUUID())
                .set(NOTE_REVISION.NOTE_ID, id)
                .set(NOTE_REVISION.REVISION, revision)
                .set(NOTE_REVISION.CATEGORY, row.getCategory())
                .set(NOTE_REVISION.TAGS, row.getTags())
                .set(
                        NOTE_REVISION.CONTENT,
                        json.writeValueAsString(before.sections().stream()
                                .map(s -> new StoredSection(s.sectionId(), s.title(), s.html()))
                                .toList()))
                .set(NOTE_REVISION.WRITTEN_AT, row.getEditedAt() != null ? row.getEditedAt() : row.getCreatedAt())
                .set(NOTE_REVISION.WRITTEN_BY, row.getEditedBy() != null ? row.getEditedBy() : row.getAuthorId())
                .set(Stamps.created(NOTE_REVISION, by, now))
                .execute();
        int updated = db.update(NOTE)
                .set(NOTE.CATEGORY, content.category().name())
                .set(NOTE.TAGS, tags(content.tags()))
                .set(NOTE.EXCERPT, RichText.excerpt(content.plain(), 500))
                .set(NOTE.NONSTANDARD_TERMS, findings(content.findings()))
                .set(NOTE.EDITED_AT, now)
                .set(NOTE.EDITED_BY, by)
                .set(Stamps.changed(NOTE, by, now))
                .where(NOTE.ID.eq(id))
                .and(NOTE.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Note", version + 1);
        }
        db.deleteFrom(NOTE_SECTION).where(NOTE_SECTION.NOTE_ID.eq(id)).execute();
        writeSections(id, content.sections(), now, by);
        events.publishEvent(new NoteEdited(id, row.getCustomerId(), revision, by));
        var earlier = new java.util.HashSet<>(Mentions.in(
                before.sections().stream().map(s -> RichText.plain(s.html())).collect(Collectors.joining("\n"))));
        var fresh = content.mentionedNames().entrySet().stream()
                .filter(e -> !earlier.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .collect(Collectors.toSet());
        var about = subjects.find(before.subject()).map(v -> v.title()).orElse(template.name());
        mentions.notify(
                fresh, about, content.plain(), "/notes/" + id, row.getCustomerId(), "mention:" + id + ":" + revision);
        return get(id);
    }

    @Transactional
    void delete(UUID id) {
        var row = require(id, Operation.DELETE);
        var now = now();
        var by = CurrentUser.actor().userId();
        db.update(NOTE)
                .set(NOTE.DELETED_AT, now)
                .set(Stamps.changed(NOTE, by, now))
                .where(NOTE.ID.eq(id))
                .execute();
        events.publishEvent(new NoteDeleted(id, row.getCustomerId(), by));
    }

    /** A note the current user reaches; 404 otherwise. */
    @Transactional(readOnly = true)
    Note get(UUID id) {
        var row = find(id);
        var sections = templates.allSections(row.getTemplateId());
        var current = templates.get(row.getTemplateId());
        var order = new LinkedHashMap<UUID, Integer>();
        current.sections().forEach(s -> order.put(s.id(), order.size()));
        var texts = db.selectFrom(NOTE_SECTION).where(NOTE_SECTION.NOTE_ID.eq(id)).fetch().stream()
                .map(s -> {
                    var section = sections.get(s.getSectionId());
                    return new SectionText(
                            s.getSectionId(),
                            section.title(),
                            section.required() && !section.removed(),
                            RichText.sanitise(s.getBody()));
                })
                .sorted(java.util.Comparator.comparing(s -> order.getOrDefault(s.sectionId(), Integer.MAX_VALUE)))
                .toList();
        return new Note(
                row.getId(),
                row.getCustomerId(),
                new Subject(row.getSubjectType(), row.getSubjectId()),
                row.getTemplateId(),
                current.name(),
                NoteCategory.valueOf(row.getCategory()),
                tags(row.getTags()),
                texts,
                findings(row.getNonstandardTerms()),
                row.getAuthorId(),
                row.getOccurredAt(),
                row.getCreatedAt(),
                row.getEditedAt(),
                row.getEditedBy(),
                row.getVersion());
    }

    /** What the note said before each save, newest first. */
    @Transactional(readOnly = true)
    List<Revision> revisions(UUID id) {
        find(id);
        return db.selectFrom(NOTE_REVISION)
                .where(NOTE_REVISION.NOTE_ID.eq(id))
                .orderBy(NOTE_REVISION.REVISION.desc())
                .fetch(r -> new Revision(
                        r.getRevision(),
                        NoteCategory.valueOf(r.getCategory()),
                        tags(r.getTags()),
                        json.readValue(r.getContent(), new TypeReference<List<StoredSection>>() {}).stream()
                                .map(s -> new SectionText(s.sectionId(), s.title(), false, RichText.sanitise(s.body())))
                                .toList(),
                        r.getWrittenAt(),
                        r.getWrittenBy()));
    }

    /** Whether the current user may change or delete the note. */
    boolean may(Note note, Operation operation) {
        return access.allows(
                Area.NOTES, operation, new OwnedRecord("note", note.id(), note.authorId(), teamOf(note.id())));
    }

    /**
     * Notes about a subject, or about a customer and everything of theirs, newest first, one keyset page.
     *
     * @param subject a subject, or null
     * @param customerId a customer, or null (one of the two)
     */
    @Transactional(readOnly = true)
    Slice<NoteSummary> list(Subject subject, UUID customerId, String cursor, int limit) {
        Condition condition;
        if (subject != null) {
            subjects.require(subject);
            condition = NOTE.SUBJECT_TYPE.eq(subject.type()).and(NOTE.SUBJECT_ID.eq(subject.id()));
        } else if (customerId != null) {
            customers.requireReach(customerId);
            condition = NOTE.CUSTOMER_ID.eq(customerId);
        } else {
            throw new ValidationException(List.of(new FieldProblem("subject", "field.required")));
        }
        condition = condition.and(NOTE.DELETED_AT.isNull());
        if (cursor != null && !cursor.isBlank()) {
            var parts = Cursor.decode(cursor, 2);
            try {
                var at = Cursor.time(parts.get(0));
                var after = UUID.fromString(parts.get(1));
                condition = condition.and(
                        NOTE.CREATED_AT.lt(at).or(NOTE.CREATED_AT.eq(at).and(NOTE.ID.lt(after))));
            } catch (RuntimeException e) {
                throw new InvalidValueException("cursor.invalid", "Malformed cursor");
            }
        }
        int size = Math.max(1, Math.min(limit, 200));
        var rows = db.select(NOTE.fields())
                .select(NOTE_TEMPLATE.CODE, NOTE_TEMPLATE.NAME)
                .from(NOTE)
                .join(NOTE_TEMPLATE)
                .on(NOTE_TEMPLATE.ID.eq(NOTE.TEMPLATE_ID))
                .where(condition)
                .orderBy(NOTE.CREATED_AT.desc(), NOTE.ID.desc())
                .limit(size + 1)
                .fetch();
        var items = rows.stream()
                .limit(size)
                .map(r -> {
                    var n = r.into(NOTE);
                    return new NoteSummary(
                            n.getId(),
                            n.getCustomerId(),
                            new Subject(n.getSubjectType(), n.getSubjectId()),
                            templates.name(r.get(NOTE_TEMPLATE.CODE), r.get(NOTE_TEMPLATE.NAME)),
                            NoteCategory.valueOf(n.getCategory()),
                            tags(n.getTags()),
                            RichText.stored(n.getExcerpt()),
                            n.getNonstandardTerms() != null,
                            n.getAuthorId(),
                            n.getCreatedAt(),
                            n.getEditedAt());
                })
                .toList();
        String next = null;
        if (rows.size() > size) {
            var last = items.getLast();
            next = Cursor.encode(List.of(last.createdAt().toString(), last.id().toString()));
        }
        return new Slice<>(items, next);
    }

    private record Content(
            NoteCategory category,
            List<String> tags,
            Map<UUID, String> sections,
            String plain,
            List<Finding> findings,
            Map<String, UUID> mentionedNames) {

        java.util.Set<UUID> mentioned() {
            return java.util.Set.copyOf(mentionedNames.values());
        }
    }

    private Content check(NoteDraft draft, List<NoteTemplates.Section> sections, List<FieldProblem> problems) {
        problems.addAll(FieldRules.check("field", draft));
        var category = Inputs.choice(NoteCategory.class, draft.category());
        var tags = draft.tags() == null
                ? List.<String>of()
                : draft.tags().stream()
                        .map(Inputs::trim)
                        .filter(java.util.Objects::nonNull)
                        .map(t -> t.replace(",", " "))
                        .distinct()
                        .toList();
        if (tags.stream().anyMatch(t -> t.length() > 40)) {
            problems.add(new FieldProblem("tags", "field.too-long", 40));
        } else if (String.join(",", tags).length() > 500) {
            problems.add(new FieldProblem("tags", "field.too-many", 20));
        }
        var given = draft.sections() == null ? Map.<UUID, String>of() : draft.sections();
        var texts = new LinkedHashMap<UUID, String>();
        var plain = new StringBuilder();
        for (var section : sections) {
            var html = RichText.sanitise(given.get(section.id()));
            var field = "sections[" + section.id() + "]";
            if (section.required() && !section.removed() && RichText.isEmpty(html)) {
                problems.add(new FieldProblem(field, "note.section.required", section.title()));
            } else if (html.length() > MAX_SECTION) {
                problems.add(new FieldProblem(field, "field.too-long", MAX_SECTION));
            }
            if (!RichText.isEmpty(html)) {
                texts.put(section.id(), html);
                plain.append(RichText.plain(html)).append('\n');
            }
        }
        var mentioned = new LinkedHashMap<String, UUID>();
        mentions.resolve(plain.toString(), "sections", problems)
                .forEach((name, user) -> mentioned.put(name, user.id()));
        var findings = terms.matcher().findings(plain.toString());
        return new Content(category, tags, texts, plain.toString().strip(), findings, mentioned);
    }

    private void writeSections(UUID noteId, Map<UUID, String> sections, OffsetDateTime now, UUID by) {
        sections.forEach((sectionId, html) -> db.insertInto(NOTE_SECTION)
                .set(NOTE_SECTION.ID, UUID.randomUUID())
                .set(NOTE_SECTION.NOTE_ID, noteId)
                .set(NOTE_SECTION.SECTION_ID, sectionId)
                .set(NOTE_SECTION.BODY, html)
                .set(Stamps.created(NOTE_SECTION, by, now))
                .execute());
    }

    /** The note, not deleted, whose customer the current user reaches; 404 otherwise. */
    private NoteRecord find(UUID id) {
        var row = db.selectFrom(NOTE)
                .where(NOTE.ID.eq(id))
                .and(NOTE.DELETED_AT.isNull())
                .fetchOne();
        if (row == null || !customers.reaches(row.getCustomerId())) {
            throw new NotFoundException("note");
        }
        return row;
    }

    /** The note if the current user reaches it (404) and may do {@code operation} to it (403). */
    private NoteRecord require(UUID id, Operation operation) {
        var row = find(id);
        if (!access.allows(Area.NOTES, operation, new OwnedRecord("note", id, row.getAuthorId(), row.getTeamId()))) {
            throw new AccessDeniedException("NOTES:" + operation);
        }
        return row;
    }

    private UUID teamOf(UUID id) {
        return db.select(NOTE.TEAM_ID).from(NOTE).where(NOTE.ID.eq(id)).fetchOne(NOTE.TEAM_ID);
    }

    static String tags(List<String> tags) {
        return tags.isEmpty() ? null : String.join(",", tags);
    }

    static List<String> tags(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.split(","));
    }

    static String findings(List<Finding> findings) {
        return findings.isEmpty() ? null : findings.stream().map(Finding::line).collect(Collectors.joining("\n"));
    }

    static List<Finding> findings(String stored) {
        return stored == null
                ? List.of()
                : Arrays.stream(stored.split("\n")).map(Finding::parse).toList();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
