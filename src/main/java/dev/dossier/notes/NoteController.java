package dev.dossier.notes;

import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.notes.Notes.NoteDraft;
import dev.dossier.shared.Formats;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.Subjects;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The note pages: the form to write a note (a whole page, or a fragment the customer's timeline loads), a note with
 * its earlier versions and comments, editing and deleting, the notes about a subject, and term suggestions.
 */
@Controller
class NoteController {

    private static final String SECTION_PREFIX = "section.";

    private final Notes notes;
    private final NoteTemplates templates;
    private final StandardTerms terms;
    private final Subjects subjects;
    private final UserDirectory users;
    private final FormErrors formErrors;
    private final Formats formats;
    private final NoteTitles titles;

    NoteController(
            Notes notes,
            NoteTemplates templates,
            StandardTerms terms,
            Subjects subjects,
            UserDirectory users,
            FormErrors formErrors,
            Formats formats,
            NoteTitles titles) {
        this.titles = titles;
        this.notes = notes;
        this.templates = templates;
        this.terms = terms;
        this.subjects = subjects;
        this.users = users;
        this.formErrors = formErrors;
        this.formats = formats;
    }

    /**
     * The note form as typed.
     *
     * @param subject what it is about
     * @param templateId the template
     * @param category category
     * @param tags tags, separated by commas
     * @param occurredAt when what it is about happened, if the linking page said
     * @param sections the sections' texts by section id
     * @param version the version shown, when editing
     */
    record NoteForm(
            String subject,
            UUID templateId,
            String category,
            String tags,
            String occurredAt,
            Map<UUID, String> sections,
            Integer version) {

        NoteDraft draft(OffsetDateTime occurred) {
            return new NoteDraft(subject, templateId, category, StandardTerms.split(tags), sections, occurred);
        }
    }

    @Permission(area = Area.NOTES, operation = Operation.CREATE)
    @GetMapping("/notes/new")
    String newNote(
            @RequestParam String subject,
            @RequestParam(name = "templateId", required = false) UUID template,
            @RequestParam(required = false) String occurredAt,
            @RequestParam(required = false) String category,
            HtmxRequest htmx,
            Model model) {
        var form = new NoteForm(Subject.parse(subject).toString(), template, category, "", occurredAt, Map.of(), null);
        return form(model, form, null, Map.of(), htmx);
    }

    @Permission(area = Area.NOTES, operation = Operation.CREATE)
    @PostMapping("/notes")
    String write(HttpServletRequest request, HtmxRequest htmx, Model model) {
        var form = read(request);
        try {
            var note = notes.write(form.draft(occurred(form.occurredAt())));
            return done(htmx, "/notes/" + note.id());
        } catch (ValidationException e) {
            return form(model, form, null, formErrors.of(e.problems()), htmx);
        }
    }

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/notes/{id}")
    String show(@PathVariable UUID id, Model model) {
        var note = notes.get(id);
        var revisions = notes.revisions(id);
        var people = new HashSet<UUID>();
        people.add(note.authorId());
        people.add(note.editedBy());
        revisions.forEach(r -> people.add(r.writtenBy()));
        people.remove(null);
        var names = new HashMap<UUID, String>();
        users.users(people).forEach((k, v) -> names.put(k, v.displayName()));
        model.addAttribute("note", note);
        model.addAttribute("noteTitle", titles.title(note.templateName(), note.category()));
        model.addAttribute("about", subjects.find(note.subject()).orElse(null));
        model.addAttribute("revisions", revisions);
        model.addAttribute("names", names);
        model.addAttribute("canEdit", notes.may(note, Operation.EDIT));
        model.addAttribute("canDelete", notes.may(note, Operation.DELETE));
        model.addAttribute("section", "customers");
        return "notes/show";
    }

    @Permission(area = Area.NOTES, operation = Operation.EDIT)
    @GetMapping("/notes/{id}/edit")
    String editForm(@PathVariable UUID id, HtmxRequest htmx, Model model) {
        var note = notes.get(id);
        var sections = new LinkedHashMap<UUID, String>();
        note.sections().forEach(s -> sections.put(s.sectionId(), s.html()));
        var form = new NoteForm(
                note.subject().toString(),
                note.templateId(),
                note.category().name(),
                String.join(", ", note.tags()),
                null,
                sections,
                note.version());
        return form(model, form, note, Map.of(), htmx);
    }

    @Permission(area = Area.NOTES, operation = Operation.EDIT)
    @PostMapping("/notes/{id}")
    String edit(@PathVariable UUID id, HttpServletRequest request, HtmxRequest htmx, Model model) {
        var note = notes.get(id);
        var typed = read(request);
        // A note stays about what it was written about, and with its template.
        var form = new NoteForm(
                note.subject().toString(),
                note.templateId(),
                typed.category(),
                typed.tags(),
                null,
                typed.sections(),
                typed.version());
        try {
            notes.edit(id, Objects.requireNonNullElse(form.version(), -1), form.draft(null));
            return done(htmx, "/notes/" + id);
        } catch (ValidationException e) {
            return form(model, form, note, formErrors.of(e.problems()), htmx);
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return form(model, form, note, Map.of(), htmx);
        }
    }

    @Permission(area = Area.NOTES, operation = Operation.DELETE)
    @PostMapping("/notes/{id}/delete")
    String delete(@PathVariable UUID id) {
        var note = notes.get(id);
        var about = subjects.find(note.subject());
        notes.delete(id);
        return "redirect:" + about.map(a -> a.link()).orElse("/customers/" + note.customerId());
    }

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/notes")
    String list(
            @RequestParam String subject,
            @RequestParam(required = false) String cursor,
            HtmxRequest htmx,
            Model model) {
        var about = Subject.parse(subject);
        var page = notes.list(about, null, cursor, 20);
        var names = new HashMap<UUID, String>();
        users.users(page.items().stream()
                        .map(Notes.NoteSummary::authorId)
                        .filter(Objects::nonNull)
                        .toList())
                .forEach((k, v) -> names.put(k, v.displayName()));
        model.addAttribute("about", subjects.require(about));
        model.addAttribute("page", page);
        model.addAttribute("names", names);
        model.addAttribute("section", "customers");
        return htmx.isHtmxRequest() ? "notes/list :: list" : "notes/list";
    }

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/notes/terms/suggest")
    String suggest(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("suggestions", terms.suggest(q, 10));
        return "notes/terms :: suggestions";
    }

    private String form(
            Model model, NoteForm form, Notes.Note editing, Map<String, List<String>> errors, HtmxRequest htmx) {
        var subject = Subject.parse(form.subject());
        model.addAttribute("about", subjects.require(subject));
        var available = templates.list(false);
        var template = editing != null
                ? templates.get(editing.templateId())
                : available.stream()
                        .filter(t -> t.id().equals(form.templateId()))
                        .findFirst()
                        .orElse(available.isEmpty() ? null : available.getFirst());
        var sections = new java.util.ArrayList<NoteTemplates.Section>();
        if (template != null) {
            sections.addAll(template.sections());
        }
        if (editing != null) {
            // Sections removed from the template after the note was written stay editable on this note.
            editing.sections().stream()
                    .filter(s -> sections.stream().noneMatch(t -> t.id().equals(s.sectionId())))
                    .forEach(s -> sections.add(new NoteTemplates.Section(s.sectionId(), null, s.title(), false, true)));
        }
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("templates", available);
        model.addAttribute("template", template);
        model.addAttribute("sections", sections);
        model.addAttribute("categories", NoteCategory.values());
        model.addAttribute("errors", errors);
        model.addAttribute("section", "customers");
        return htmx.isHtmxRequest() ? "notes/form :: form" : "notes/form";
    }

    /** After saving, the browser goes on to {@code location}: htmx follows HX-Redirect, a plain form a redirect. */
    private static String done(HtmxRequest htmx, String location) {
        return (htmx.isHtmxRequest() ? HtmxViewResolver.REDIRECT_URL_PREFIX : "redirect:") + location;
    }

    private static NoteForm read(HttpServletRequest request) {
        var sections = new LinkedHashMap<UUID, String>();
        request.getParameterMap().forEach((name, values) -> {
            if (name.startsWith(SECTION_PREFIX) && values.length > 0) {
                try {
                    sections.put(UUID.fromString(name.substring(SECTION_PREFIX.length())), values[0]);
                } catch (IllegalArgumentException e) {
                    // Not one of ours: ignored like any unknown field.
                }
            }
        });
        UUID template = null;
        try {
            var t = request.getParameter("templateId");
            template = t == null || t.isBlank() ? null : UUID.fromString(t);
        } catch (IllegalArgumentException e) {
            template = null;
        }
        Integer version = null;
        try {
            var v = request.getParameter("version");
            version = v == null || v.isBlank() ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            version = -1;
        }
        var subject = request.getParameter("subject");
        return new NoteForm(
                subject == null ? "" : subject,
                template,
                request.getParameter("category"),
                request.getParameter("tags"),
                request.getParameter("occurredAt"),
                sections,
                version);
    }

    /** When what the note is about happened: an ISO instant, or a local date and time in the organisation's zone. */
    private OffsetDateTime occurred(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.strip()).atZone(formats.zone()).toOffsetDateTime();
            } catch (DateTimeParseException again) {
                throw new dev.dossier.shared.InvalidValueException("note.occurred.invalid", "Not a time: " + text);
            }
        }
    }
}
