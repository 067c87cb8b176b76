package dev.dossier.feedback.problems;

import dev.dossier.feedback.ProblemSource;
import dev.dossier.feedback.ProblemStatus;
import dev.dossier.feedback.Severity;
import dev.dossier.feedback.problems.ProblemManagement.ProblemDraft;
import dev.dossier.feedback.problems.ProblemManagement.StatusChange;
import dev.dossier.feedback.problems.ProblemQueries.Filter;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.products.ProductCatalogue;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The problem pages: the list, a problem with its history and steps, and the form. */
@Controller
@RequestMapping("/problems")
class ProblemController {

    /**
     * The problem form.
     *
     * @param version version shown (changes)
     * @param title title
     * @param description description
     * @param productId product
     * @param productVersionId version
     * @param reproductionSteps steps
     * @param severity severity
     * @param externalRef tracker issue
     * @param externalUrl its address
     * @param fixedInVersion fixing version
     */
    record ProblemForm(
            Integer version,
            String title,
            String description,
            UUID productId,
            UUID productVersionId,
            String reproductionSteps,
            String severity,
            String externalRef,
            String externalUrl,
            String fixedInVersion) {

        ProblemDraft draft() {
            return new ProblemDraft(
                    title,
                    description,
                    productId,
                    productVersionId,
                    reproductionSteps,
                    severity,
                    externalRef,
                    externalUrl,
                    fixedInVersion);
        }

        static ProblemForm of(Problem p) {
            return new ProblemForm(
                    p.version(),
                    p.title(),
                    p.description(),
                    p.productId(),
                    p.productVersionId(),
                    p.reproductionSteps(),
                    p.severity().name(),
                    p.externalRef(),
                    p.externalUrl(),
                    p.fixedInVersion());
        }
    }

    /**
     * The status form on a problem's page.
     *
     * @param version version shown
     * @param status the new status
     * @param comment why
     * @param fixedInVersion the version that fixes it
     */
    record StatusForm(Integer version, String status, String comment, String fixedInVersion) {}

    private final ProblemManagement management;
    private final ProblemQueries queries;
    private final ProblemCases cases;
    private final UserDirectory users;
    private final FormErrors formErrors;
    private final Access access;
    private final ProductCatalogue catalogue;
    private final ProblemFacts facts;

    ProblemController(
            ProblemManagement management,
            ProblemQueries queries,
            ProblemCases cases,
            UserDirectory users,
            FormErrors formErrors,
            Access access,
            ProductCatalogue catalogue,
            ProblemFacts facts) {
        this.facts = facts;
        this.management = management;
        this.catalogue = catalogue;
        this.cases = cases;
        this.queries = queries;
        this.users = users;
        this.formErrors = formErrors;
        this.access = access;
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.READ)
    @GetMapping
    String list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID product,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String cursor,
            HtmxRequest htmx,
            Model model) {
        var filter = Filter.of(status, product, severity);
        var page = queries.list(filter, cursor, 50);
        model.addAttribute("filter", filter);
        model.addAttribute("problems", page.items());
        model.addAttribute("products", catalogue.options());
        model.addAttribute(
                "productNames",
                catalogue.names(page.items().stream()
                        .map(Problem::productId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()));
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("statuses", ProblemStatus.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("canCreate", access.allows(Area.PROBLEMS, Operation.CREATE));
        model.addAttribute("section", "problems");
        return htmx.isHtmxRequest() && cursor != null ? "problems/list :: rows" : "problems/list";
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.READ)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) String q, Model model) {
        var problem = management.get(id);
        model.addAttribute("q", q);
        model.addAttribute("found", q == null ? List.of() : cases.search(id, q));
        return showPage(
                problem, model, new StatusForm(problem.version(), null, null, problem.fixedInVersion()), Map.of());
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @PostMapping("/{id}/cases")
    String link(@PathVariable UUID id, @RequestParam UUID caseId, RedirectAttributes redirect) {
        cases.link(id, caseId);
        redirect.addFlashAttribute("flashKey", "problems.cases.linked");
        return "redirect:/problems/" + id;
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @PostMapping("/{id}/cases/{caseId}/unlink")
    String unlink(@PathVariable UUID id, @PathVariable UUID caseId, RedirectAttributes redirect) {
        cases.unlink(id, caseId);
        redirect.addFlashAttribute("flashKey", "problems.cases.unlinked");
        return "redirect:/problems/" + id;
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @PostMapping("/{id}/resolve-cases")
    String resolveCases(
            @PathVariable UUID id,
            @RequestParam(required = false) String resolution,
            Model model,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("resolution", cases.resolveLinked(id, resolution));
            return "redirect:/problems/" + id;
        } catch (ValidationException e) {
            var problem = management.get(id);
            model.addAttribute("resolutionText", resolution);
            return showPage(
                    problem,
                    model,
                    new StatusForm(problem.version(), null, null, problem.fixedInVersion()),
                    formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.CREATE)
    @GetMapping("/new")
    String newProblem(Model model) {
        return form(
                model,
                null,
                new ProblemForm(null, "", "", null, null, "", Severity.MAJOR.name(), "", "", ""),
                Map.of());
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.CREATE)
    @PostMapping
    String create(ProblemForm form, Model model, RedirectAttributes redirect) {
        try {
            var problem = management.create(form.draft());
            redirect.addFlashAttribute("flashKey", "problems.saved");
            return "redirect:/problems/" + problem.id();
        } catch (ValidationException e) {
            return form(model, null, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        var problem = management.get(id);
        return form(model, problem, ProblemForm.of(problem), Map.of());
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @PostMapping("/{id}")
    String update(@PathVariable UUID id, ProblemForm form, Model model, RedirectAttributes redirect) {
        var problem = management.get(id);
        try {
            management.update(id, form.version(), form.draft());
            redirect.addFlashAttribute("flashKey", "problems.saved");
            return "redirect:/problems/" + id;
        } catch (ValidationException e) {
            return form(model, problem, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return form(model, problem, form, stale());
        }
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @PostMapping("/{id}/status")
    String status(@PathVariable UUID id, StatusForm form, Model model, RedirectAttributes redirect) {
        try {
            management.changeStatus(
                    id,
                    form.version(),
                    new StatusChange(form.status(), form.comment(), null, null, form.fixedInVersion()),
                    ProblemSource.PAGE);
            redirect.addFlashAttribute("flashKey", "problems.status.changed");
            return "redirect:/problems/" + id;
        } catch (ValidationException e) {
            return showPage(management.get(id), model, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return showPage(management.get(id), model, form, stale());
        }
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.EDIT)
    @PostMapping("/{id}/hand-off")
    String handOff(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String comment,
            Model model,
            RedirectAttributes redirect) {
        var problem = management.get(id);
        var blank = new StatusForm(problem.version(), null, null, problem.fixedInVersion());
        try {
            management.handOff(id, version, comment, ProblemSource.PAGE);
            redirect.addFlashAttribute("flashKey", "problems.handed-off");
            return "redirect:/problems/" + id;
        } catch (ValidationException e) {
            return showPage(problem, model, blank, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return showPage(management.get(id), model, blank, stale());
        }
    }

    @Permission(area = Area.PROBLEMS, operation = Operation.DELETE)
    @PostMapping("/{id}/delete")
    String delete(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        try {
            management.delete(id, version);
        } catch (StaleVersionException e) {
            var problem = management.get(id);
            return showPage(problem, model, new StatusForm(problem.version(), null, null, null), stale());
        }
        redirect.addFlashAttribute("flashKey", "problems.deleted");
        return "redirect:/problems";
    }

    private Map<String, List<String>> stale() {
        return formErrors.of(List.of(new FieldProblem("version", "problems.stale")));
    }

    private String showPage(Problem problem, Model model, StatusForm statusForm, Map<String, List<String>> errors) {
        var history = queries.history(problem.id());
        model.addAttribute("problem", problem);
        model.addAttribute("facts", facts.of(problem));
        model.addAttribute("history", history);
        model.addAttribute(
                "usersById",
                users.users(history.stream()
                        .map(ProblemQueries.Transition::actorId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()));
        var linked = cases.cases(problem.id());
        model.addAttribute("cases", linked);
        model.addAttribute("counts", cases.counts(problem.id()));
        model.addAttribute(
                "customers",
                linked.stream()
                        .collect(java.util.stream.Collectors.toMap(
                                ProblemCases.LinkedCase::customerId,
                                ProblemCases.LinkedCase::customerName,
                                (a, b) -> a,
                                java.util.LinkedHashMap::new)));
        model.addAttribute(
                "canResolveCases",
                problem.status() == ProblemStatus.FIXED
                        && access.allows(Area.PROBLEMS, Operation.EDIT)
                        && access.allows(Area.CASES, Operation.EDIT));
        if (!model.containsAttribute("found")) {
            model.addAttribute("found", List.of());
        }
        model.addAttribute("statusForm", statusForm);
        model.addAttribute("nextStatuses", problem.status().next());
        model.addAttribute("errors", errors);
        model.addAttribute("canEdit", access.allows(Area.PROBLEMS, Operation.EDIT));
        model.addAttribute("canDelete", access.allows(Area.PROBLEMS, Operation.DELETE));
        model.addAttribute("section", "problems");
        return "problems/show";
    }

    private String form(Model model, Problem problem, ProblemForm form, Map<String, List<String>> errors) {
        model.addAttribute("problem", problem);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("severities", Severity.values());
        model.addAttribute("products", catalogue.options());
        model.addAttribute("section", "problems");
        return "problems/form";
    }
}
