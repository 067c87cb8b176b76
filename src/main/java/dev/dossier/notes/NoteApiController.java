package dev.dossier.notes;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.notes.NoteTemplates.SectionDraft;
import dev.dossier.notes.NoteTemplates.Template;
import dev.dossier.notes.Notes.NoteDraft;
import dev.dossier.notes.Notes.SectionText;
import dev.dossier.notes.StandardTerms.StandardTerm;
import dev.dossier.notes.StandardTerms.TermDraft;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Slice;
import dev.dossier.shared.Subject;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Notes, note templates and standard terms over REST: {@code /api/v1/notes}, {@code /api/v1/note-templates}, {@code /api/v1/terms}. */
@RestController
@Tag(name = "Notes", description = "Notes with sections and revisions, note templates and standard terms")
@SecurityRequirement(name = "bearer")
class NoteApiController {

    /**
     * A note to write or change.
     *
     * @param subject what it is about, e.g. {@code customer:…} (on writing)
     * @param templateId its template (on writing)
     * @param category GENERAL, MEETING, NEEDS, FOLLOW_UP or RISK
     * @param tags free tags
     * @param sections each section's text by section id; bold, italic, lists and http(s) links are kept
     * @param occurredAt when what it is about happened (an interaction's time), or null for now
     * @param version the version as read (on changing)
     */
    record NotePayload(
            String subject,
            UUID templateId,
            @Schema(implementation = NoteCategory.class) String category,
            List<String> tags,
            Map<UUID, String> sections,
            OffsetDateTime occurredAt,
            Integer version) {}

    /**
     * A note as the API shows it.
     *
     * @param id id
     * @param customerId the customer
     * @param subject what it is about
     * @param templateId template
     * @param templateName the template's name
     * @param category category
     * @param tags tags
     * @param sections its sections
     * @param nonstandardTerms words to avoid it used, with the standard term for each
     * @param authorId author
     * @param occurredAt when what it is about happened
     * @param createdAt when it was written
     * @param editedAt last change
     * @param editedBy who changed it last
     * @param version version
     * @param revisions what it said before each save, newest first
     */
    record NoteResource(
            UUID id,
            UUID customerId,
            String subject,
            UUID templateId,
            String templateName,
            NoteCategory category,
            List<String> tags,
            List<SectionText> sections,
            List<TermMatcher.Finding> nonstandardTerms,
            UUID authorId,
            OffsetDateTime occurredAt,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt,
            UUID editedBy,
            int version,
            List<Notes.Revision> revisions) {}

    /**
     * A note in a list.
     *
     * @param id id
     * @param customerId customer
     * @param subject what it is about
     * @param templateName template
     * @param category category
     * @param tags tags
     * @param excerpt the start of its text
     * @param nonstandard whether it uses words to avoid
     * @param authorId author
     * @param createdAt written
     * @param editedAt last change
     */
    record NoteListItem(
            UUID id,
            UUID customerId,
            String subject,
            String templateName,
            NoteCategory category,
            List<String> tags,
            String excerpt,
            boolean nonstandard,
            UUID authorId,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt) {}

    /**
     * A template to create or change.
     *
     * @param version the version as read (on changing)
     * @param name its name (ignored for shipped templates)
     * @param sections the sections in order; give the id of an existing one to keep it, leave one out to remove it
     */
    record TemplatePayload(Integer version, String name, List<SectionDraft> sections) {}

    /**
     * A standard term to add or change.
     *
     * @param version the version as read (on changing)
     * @param term the word to use
     * @param category its category
     * @param synonyms words to avoid in its favour
     */
    @Schema(requiredProperties = {"term"})
    record TermPayload(Integer version, String term, String category, List<String> synonyms) {}

    private final Notes notes;
    private final NoteTemplates templates;
    private final StandardTerms terms;

    NoteApiController(Notes notes, NoteTemplates templates, StandardTerms terms) {
        this.notes = notes;
        this.templates = templates;
        this.terms = terms;
    }

    // ------------------------------------------------------------------ notes

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/notes")
    @Operation(summary = "Notes about a subject or a customer", description = "Newest first; follow nextCursor.")
    Slice<NoteListItem> list(
            @Parameter(description = "e.g. customer:…, contact:…, interaction:…") @RequestParam(required = false)
                    String subject,
            @RequestParam(required = false) UUID customerId,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var page = notes.list(subject == null ? null : Subject.parse(subject), customerId, cursor, limit);
        return new Slice<>(
                page.items().stream()
                        .map(n -> new NoteListItem(
                                n.id(),
                                n.customerId(),
                                n.subject().toString(),
                                n.templateName(),
                                n.category(),
                                n.tags(),
                                n.excerpt(),
                                n.nonstandard(),
                                n.authorId(),
                                n.createdAt(),
                                n.editedAt()))
                        .toList(),
                page.nextCursor());
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/notes/{id}")
    @Operation(summary = "A note with its sections and earlier versions")
    NoteResource get(@PathVariable UUID id) {
        return resource(notes.get(id));
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.CREATE)
    @PostMapping("/api/v1/notes")
    @Operation(summary = "Write a note", description = "Every required section of the template must have text.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<NoteResource> write(@RequestBody NotePayload payload) {
        var note = notes.write(new NoteDraft(
                payload.subject(),
                payload.templateId(),
                payload.category(),
                payload.tags(),
                payload.sections(),
                payload.occurredAt()));
        return ResponseEntity.created(URI.create("/api/v1/notes/" + note.id())).body(resource(note));
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/notes/{id}")
    @Operation(summary = "Change a note", description = "Needs the version as read; what it said is kept.")
    NoteResource edit(@PathVariable UUID id, @RequestBody NotePayload payload) {
        var note = notes.get(id);
        return resource(notes.edit(
                id,
                requireVersion(payload.version()),
                new NoteDraft(null, note.templateId(), payload.category(), payload.tags(), payload.sections(), null)));
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.DELETE)
    @DeleteMapping("/api/v1/notes/{id}")
    @Operation(summary = "Delete a note")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        notes.delete(id);
        return ResponseEntity.noContent().build();
    }

    // ------------------------------------------------------------------ templates

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/note-templates")
    @Operation(summary = "Note templates with their sections")
    List<Template> templates(@RequestParam(defaultValue = "false") boolean retired) {
        return templates.list(retired);
    }

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/note-templates/{id}")
    @Operation(summary = "A note template")
    Template template(@PathVariable UUID id) {
        return templates.get(id);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/note-templates")
    @Operation(summary = "Add a note template")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Template> createTemplate(@RequestBody TemplatePayload payload) {
        var template = templates.create(payload.name(), payload.sections());
        return ResponseEntity.created(URI.create("/api/v1/note-templates/" + template.id()))
                .body(template);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/note-templates/{id}")
    @Operation(
            summary = "Change a template's name and sections",
            description = "Sections in the given order; new ones without id; missing ones are removed.")
    Template updateTemplate(@PathVariable UUID id, @RequestBody TemplatePayload payload) {
        return templates.update(
                id,
                requireVersion(payload.version()),
                payload.name(),
                payload.sections() == null ? List.of() : payload.sections());
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/note-templates/{id}")
    @Operation(summary = "Retire a template", description = "New notes can no longer use it; written notes stay.")
    Template retireTemplate(@PathVariable UUID id) {
        return templates.retire(id, templates.get(id).version(), true);
    }

    // ------------------------------------------------------------------ terms

    @Permission(area = Access.Area.NOTES, operation = Access.Operation.READ)
    @GetMapping("/api/v1/terms")
    @Operation(summary = "Standard terms and the words to avoid in their favour")
    List<StandardTerm> terms() {
        return terms.list();
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/api/v1/terms")
    @Operation(summary = "Add a standard term")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<StandardTerm> createTerm(@RequestBody TermPayload payload) {
        var term = terms.create(new TermDraft(payload.term(), payload.category(), payload.synonyms()));
        return ResponseEntity.created(URI.create("/api/v1/terms/" + term.id())).body(term);
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PutMapping("/api/v1/terms/{id}")
    @Operation(summary = "Change a standard term", description = "Needs the version as read.")
    StandardTerm updateTerm(@PathVariable UUID id, @RequestBody TermPayload payload) {
        return terms.update(
                id,
                requireVersion(payload.version()),
                new TermDraft(payload.term(), payload.category(), payload.synonyms()));
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @DeleteMapping("/api/v1/terms/{id}")
    @Operation(summary = "Remove a standard term")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> deleteTerm(@PathVariable UUID id) {
        terms.delete(id);
        return ResponseEntity.noContent().build();
    }

    static int requireVersion(Integer version) {
        if (version == null) {
            throw new ValidationException(List.of(new FieldProblem("version", "field.required")));
        }
        return version;
    }

    private NoteResource resource(Notes.Note n) {
        return new NoteResource(
                n.id(),
                n.customerId(),
                n.subject().toString(),
                n.templateId(),
                n.templateName(),
                n.category(),
                n.tags(),
                n.sections(),
                n.nonstandard(),
                n.authorId(),
                n.occurredAt(),
                n.createdAt(),
                n.editedAt(),
                n.editedBy(),
                n.version(),
                notes.revisions(n.id()));
    }
}
