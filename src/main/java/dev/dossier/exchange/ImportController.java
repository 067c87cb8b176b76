package dev.dossier.exchange;

import dev.dossier.customers.CustomerImport.OnDuplicate;
import dev.dossier.customers.CustomerImport.OwnerRule;
import dev.dossier.db.tables.records.ImportJobRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The import wizard: upload a file, see its columns matched to fields and change them, choose what happens to
 * duplicates and who owns the new customers, preview, import, and follow the progress (the page can be left and
 * found again in the list of imports); at the end the counts and the rejected rows, to download and correct.
 */
@Controller
@RequestMapping("/imports")
class ImportController {

    /**
     * The wizard's form.
     *
     * @param fields the field of each column in order, empty to leave it out
     * @param onDuplicate SKIP, FILL_BLANKS or OVERWRITE
     * @param ownerRule IMPORTER, USER or ROUND_ROBIN
     * @param ownerId the owner for USER
     * @param teamId the team for ROUND_ROBIN
     * @param version the import's version as shown
     * @param action save, preview or start
     */
    record SettingsForm(
            List<String> fields,
            String onDuplicate,
            String ownerRule,
            String ownerId,
            String teamId,
            Integer version,
            String action) {}

    private final Imports imports;
    private final ImportViews views;
    private final UserDirectory users;
    private final FormErrors formErrors;
    private final ImportTemplates templates;

    ImportController(
            Imports imports, ImportViews views, UserDirectory users, FormErrors formErrors, ImportTemplates templates) {
        this.imports = imports;
        this.views = views;
        this.users = users;
        this.formErrors = formErrors;
        this.templates = templates;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping
    String list(@RequestParam(required = false) String kind, Model model) {
        model.addAttribute("chosenKind", "INTERACTIONS".equals(kind) ? "INTERACTIONS" : "CUSTOMERS");
        return listPage(model, Map.of());
    }

    private String listPage(Model model, Map<String, List<String>> errors) {
        var locale = LocaleContextHolder.getLocale();
        model.addAttribute(
                "imports",
                imports.list(100).stream().map(j -> views.resource(j, locale)).toList());
        model.addAttribute("maxMegabytes", imports.maxBytes() / (1024 * 1024));
        model.addAttribute("errors", errors);
        model.addAttribute("section", "customers");
        return "imports/list";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping
    String upload(
            @RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String kind,
            Model model)
            throws IOException {
        try {
            var what = ImportApiController.kind(kind);
            if (file == null || file.isEmpty()) {
                throw new ValidationException(List.of(new FieldProblem("file", "import.file.empty")));
            }
            try (var in = file.getInputStream()) {
                var job = imports.upload(what, file.getOriginalFilename(), in);
                return "redirect:/imports/" + job.getId();
            }
        } catch (ValidationException e) {
            model.addAttribute("chosenKind", "INTERACTIONS".equals(kind) ? "INTERACTIONS" : "CUSTOMERS");
            return listPage(model, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        return showPage(imports.get(id), model, Map.of(), null);
    }

    private String showPage(ImportJobRecord job, Model model, Map<String, List<String>> errors, SettingsForm typed) {
        var locale = LocaleContextHolder.getLocale();
        var resource = views.resource(job, locale);
        model.addAttribute("job", resource);
        var kind = ImportKind.of(job.getKind());
        model.addAttribute("kind", kind.name());
        model.addAttribute(
                "fields",
                kind.fields().stream()
                        .map(f -> java.util.Map.entry(f, kind.label(f)))
                        .toList());
        model.addAttribute(
                "onDuplicateOptions",
                kind == ImportKind.INTERACTIONS
                        ? List.of(OnDuplicate.SKIP, OnDuplicate.OVERWRITE)
                        : List.of(OnDuplicate.values()));
        model.addAttribute("ownerRules", OwnerRule.values());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute("editable", Imports.State.valueOf(job.getState()).editable());
        model.addAttribute("working", Imports.State.valueOf(job.getState()).working());
        model.addAttribute("problems", views.problems(job, 0, 20, locale));
        model.addAttribute("errors", errors);
        var chosen = new LinkedHashMap<Integer, String>();
        if (typed != null && typed.fields() != null) {
            for (int i = 0; i < typed.fields().size(); i++) {
                chosen.put(i, typed.fields().get(i));
            }
        } else {
            resource.columns().forEach(c -> chosen.put(c.index(), c.field() == null ? "" : c.field()));
        }
        model.addAttribute("chosen", chosen);
        model.addAttribute("typed", typed);
        model.addAttribute("templates", templates.all(kind));
        model.addAttribute("section", "customers");
        return "imports/show";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}")
    String save(@PathVariable UUID id, SettingsForm form, Model model) {
        var job = imports.get(id);
        try {
            var mapping = new LinkedHashMap<Integer, String>();
            var problems = new java.util.ArrayList<FieldProblem>();
            if (form.fields() != null) {
                for (int i = 0; i < form.fields().size(); i++) {
                    var f = form.fields().get(i);
                    if (f != null && !f.isBlank()) {
                        mapping.put(i, f.strip());
                    }
                }
            }
            var onDuplicate = option(OnDuplicate.class, form.onDuplicate(), "onDuplicate", problems);
            var ownerRule = ImportKind.of(job.getKind()) == ImportKind.INTERACTIONS
                    ? OwnerRule.IMPORTER
                    : option(OwnerRule.class, form.ownerRule(), "ownerRule", problems);
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            int version = form.version() == null ? job.getVersion() : form.version();
            var saved = imports.configure(
                    id,
                    version,
                    new Imports.Settings(mapping, onDuplicate, ownerRule, uuid(form.ownerId()), uuid(form.teamId())));
            if ("preview".equals(form.action())) {
                imports.preview(id, saved.getVersion());
            } else if ("start".equals(form.action())) {
                imports.start(id, saved.getVersion());
            }
            return "redirect:/imports/" + id;
        } catch (ValidationException e) {
            return showPage(imports.get(id), model, formErrors.of(e.problems()), form);
        } catch (StaleVersionException e) {
            return showPage(
                    imports.get(id), model, formErrors.of(List.of(new FieldProblem("version", "import.stale"))), null);
        }
    }

    private static <E extends Enum<E>> E option(
            Class<E> type, String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "field.required"));
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "field.unknown-option"));
            return null;
        }
    }

    private static UUID uuid(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) Integer version, Model model) {
        var job = imports.get(id);
        try {
            imports.cancel(id, version == null ? job.getVersion() : version);
        } catch (ValidationException | StaleVersionException e) {
            // Ended or moved on meanwhile: the page shows where it stands.
        }
        return "redirect:/imports/" + id;
    }

    /** Saves the import's columns, as last saved, as a named template. */
    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/template")
    String saveTemplate(@PathVariable UUID id, @RequestParam(required = false) String name, Model model) {
        var job = imports.get(id);
        try {
            templates.save(job, name);
        } catch (ValidationException e) {
            return showPage(job, model, formErrors.of(e.problems()), null);
        }
        return "redirect:/imports/" + id;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/apply-template")
    String applyTemplate(
            @PathVariable UUID id,
            @RequestParam(required = false) UUID templateId,
            @RequestParam(required = false) Integer version,
            Model model) {
        var job = imports.get(id);
        try {
            if (templateId == null) {
                throw new ValidationException(List.of(new FieldProblem("templateId", "field.required")));
            }
            imports.applyTemplate(id, version == null ? job.getVersion() : version, templateId);
        } catch (ValidationException e) {
            return showPage(job, model, formErrors.of(e.problems()), null);
        } catch (StaleVersionException e) {
            return showPage(job, model, formErrors.of(List.of(new FieldProblem("version", "import.stale"))), null);
        }
        return "redirect:/imports/" + id;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @PostMapping("/{id}/undo")
    String undo(@PathVariable UUID id, @RequestParam(required = false) Integer version, Model model) {
        var job = imports.get(id);
        try {
            imports.undo(id, version == null ? job.getVersion() : version);
        } catch (ValidationException | StaleVersionException e) {
            return showPage(
                    imports.get(id), model, formErrors.of(List.of(new FieldProblem("version", "import.stale"))), null);
        }
        return "redirect:/imports/" + id;
    }

    /** While a preview or a run works, the progress box polls here; once it ends the page reloads. */
    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping("/{id}/progress")
    String progress(@PathVariable UUID id, Model model) {
        var job = imports.get(id);
        if (!Imports.State.valueOf(job.getState()).working()) {
            return HtmxViewResolver.REFRESH_VIEW_NAME;
        }
        model.addAttribute("job", views.resource(job, LocaleContextHolder.getLocale()));
        model.addAttribute("working", true);
        return "imports/show :: progress";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.IMPORT)
    @GetMapping("/{id}/report")
    void report(@PathVariable UUID id, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        views.download(imports.get(id), response);
    }
}
