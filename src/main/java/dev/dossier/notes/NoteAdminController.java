package dev.dossier.notes;

import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.notes.NoteTemplates.SectionDraft;
import dev.dossier.notes.StandardTerms.TermDraft;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import java.util.Collections;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration of note templates (add, reorder, remove sections, mark them required, retire templates) and of the
 * standard terms. Everyone who reads notes may look; changing needs the system area's edit right.
 */
@Controller
class NoteAdminController {

    private final NoteTemplates templates;
    private final StandardTerms terms;
    private final FormErrors formErrors;
    private final Access access;

    NoteAdminController(NoteTemplates templates, StandardTerms terms, FormErrors formErrors, Access access) {
        this.templates = templates;
        this.terms = terms;
        this.formErrors = formErrors;
        this.access = access;
    }

    // ------------------------------------------------------------------ templates

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/admin/note-templates")
    String templates(Model model) {
        return templatesPage(model, Map.of(), null, null);
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/note-templates")
    String create(
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String sections,
            Model model,
            RedirectAttributes redirect) {
        var drafts = (sections == null ? java.util.stream.Stream.<String>empty() : sections.lines())
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(t -> new SectionDraft(null, t, false))
                .toList();
        try {
            templates.create(name, drafts);
            redirect.addFlashAttribute("flashKey", "note.template.saved");
            return "redirect:/admin/note-templates";
        } catch (ValidationException e) {
            return templatesPage(model, formErrors.of(e.problems()), name, sections);
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/note-templates/{id}/sections")
    String addSection(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String title,
            @RequestParam(defaultValue = "false") boolean required,
            Model model,
            RedirectAttributes redirect) {
        var template = templates.get(id);
        var drafts = NoteTemplates.drafts(template);
        drafts.add(new SectionDraft(null, title, required));
        return change(model, redirect, () -> templates.update(id, version(version), template.name(), drafts));
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/note-templates/{id}/sections/{sectionId}")
    String changeSection(
            @PathVariable UUID id,
            @PathVariable UUID sectionId,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String action,
            Model model,
            RedirectAttributes redirect) {
        var template = templates.get(id);
        var drafts = NoteTemplates.drafts(template);
        int at = -1;
        for (int i = 0; i < drafts.size(); i++) {
            if (drafts.get(i).id().equals(sectionId)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new dev.dossier.shared.NotFoundException("section");
        }
        var section = drafts.get(at);
        switch (Objects.requireNonNullElse(action, "")) {
            case "up" -> Collections.swap(drafts, at, Math.max(0, at - 1));
            case "down" -> Collections.swap(drafts, at, Math.min(drafts.size() - 1, at + 1));
            case "require" -> drafts.set(at, new SectionDraft(section.id(), section.title(), true));
            case "optional" -> drafts.set(at, new SectionDraft(section.id(), section.title(), false));
            case "remove" -> drafts.remove(at);
            default -> throw new InvalidValueException("note.template.action.unknown", "Unknown action " + action);
        }
        return change(model, redirect, () -> templates.update(id, version(version), template.name(), drafts));
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/note-templates/{id}/retirement")
    String retire(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "true") boolean retired,
            Model model,
            RedirectAttributes redirect) {
        return change(model, redirect, () -> templates.retire(id, version(version), retired));
    }

    private String change(Model model, RedirectAttributes redirect, Runnable work) {
        try {
            work.run();
            redirect.addFlashAttribute("flashKey", "note.template.saved");
            return "redirect:/admin/note-templates";
        } catch (ValidationException e) {
            return templatesPage(model, formErrors.of(e.problems()), null, null);
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return templatesPage(model, Map.of(), null, null);
        }
    }

    private String templatesPage(Model model, Map<String, List<String>> errors, String name, String sections) {
        model.addAttribute("templates", templates.list(true));
        model.addAttribute("canEdit", access.allows(Area.SYSTEM, Operation.EDIT));
        model.addAttribute("errors", errors);
        model.addAttribute("name", name);
        model.addAttribute("sections", sections);
        model.addAttribute("section", "admin");
        return "admin/note-templates";
    }

    // ------------------------------------------------------------------ terms

    @Permission(area = Area.NOTES, operation = Operation.READ)
    @GetMapping("/admin/terms")
    String terms(Model model) {
        return termsPage(model, Map.of(), null, null);
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/terms")
    String createTerm(
            @RequestParam(required = false) String term,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String synonyms,
            Model model,
            RedirectAttributes redirect) {
        try {
            terms.create(new TermDraft(term, category, StandardTerms.split(synonyms)));
            redirect.addFlashAttribute("flashKey", "term.saved");
            return "redirect:/admin/terms";
        } catch (ValidationException e) {
            return termsPage(model, formErrors.of(e.problems()), new TermDraft(term, category, List.of()), synonyms);
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/terms/{id}")
    String updateTerm(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String term,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String synonyms,
            Model model,
            RedirectAttributes redirect) {
        try {
            terms.update(id, version(version), new TermDraft(term, category, StandardTerms.split(synonyms)));
            redirect.addFlashAttribute("flashKey", "term.saved");
            return "redirect:/admin/terms";
        } catch (ValidationException e) {
            model.addAttribute("failedId", id);
            return termsPage(model, formErrors.of(e.problems()), null, null);
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return termsPage(model, Map.of(), null, null);
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/terms/{id}/delete")
    String deleteTerm(@PathVariable UUID id, RedirectAttributes redirect) {
        terms.delete(id);
        redirect.addFlashAttribute("flashKey", "term.deleted");
        return "redirect:/admin/terms";
    }

    private String termsPage(Model model, Map<String, List<String>> errors, TermDraft typed, String synonyms) {
        model.addAttribute("terms", terms.list());
        model.addAttribute("canEdit", access.allows(Area.SYSTEM, Operation.EDIT));
        model.addAttribute("errors", errors);
        model.addAttribute("typed", typed == null ? new TermDraft("", "", List.of()) : typed);
        model.addAttribute("typedSynonyms", synonyms == null ? "" : synonyms);
        if (!model.containsAttribute("failedId")) {
            model.addAttribute("failedId", null);
        }
        model.addAttribute("section", "admin");
        return "admin/terms";
    }

    private static int version(Integer version) {
        return version == null ? -1 : version;
    }
}
