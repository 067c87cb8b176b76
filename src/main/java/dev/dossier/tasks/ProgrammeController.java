package dev.dossier.tasks;

import dev.dossier.customers.CustomerType;
import dev.dossier.customers.Grade;
import dev.dossier.customers.LifecycleStage;
import dev.dossier.identity.Access;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import dev.dossier.tasks.TaskProgrammes.AssigneeRule;
import dev.dossier.tasks.TaskProgrammes.ProgrammeDraft;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Recurring programmes, for administrators: the list with its last runs, a new programme, run now, pause, end. */
@Controller
@RequestMapping("/tasks/programmes")
class ProgrammeController {

    /**
     * The programme form.
     *
     * @param name name
     * @param title title of its tasks
     * @param kind kind of its tasks
     * @param priority priority of its tasks
     * @param grades customer grades
     * @param stages lifecycle stages
     * @param customerTypes customer types
     * @param repeat DAILY, WEEKLY, MONTHLY or YEARLY
     * @param repeatEvery every how many
     * @param repeatDay day of the month (monthly)
     * @param assigneeRule OWNER or TEAM
     * @param firstDueDays days to the first due time
     */
    record ProgrammeForm(
            String name,
            String title,
            String kind,
            String priority,
            List<String> grades,
            List<String> stages,
            List<String> customerTypes,
            String repeat,
            Integer repeatEvery,
            Integer repeatDay,
            String assigneeRule,
            Integer firstDueDays) {}

    private final TaskProgrammes programmes;
    private final FormErrors formErrors;

    ProgrammeController(TaskProgrammes programmes, FormErrors formErrors) {
        this.programmes = programmes;
        this.formErrors = formErrors;
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping
    String list(Model model) {
        return page(
                model,
                new ProgrammeForm(
                        "",
                        "",
                        TaskKind.FOLLOW_UP.name(),
                        TaskPriority.NORMAL.name(),
                        List.of(),
                        List.of(),
                        List.of(),
                        "DAILY",
                        90,
                        null,
                        AssigneeRule.OWNER.name(),
                        7),
                Map.of());
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping
    String define(ProgrammeForm form, Model model, RedirectAttributes redirect) {
        try {
            programmes.define(draft(form, true));
        } catch (ValidationException e) {
            return page(model, form, formErrors.of(e.problems()));
        }
        redirect.addFlashAttribute("flashKey", "task.programme.saved");
        return "redirect:/tasks/programmes";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/run")
    String run(@PathVariable UUID id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flashKey", "task.programme.ran");
        redirect.addFlashAttribute("flashArg", programmes.runNow(id));
        return "redirect:/tasks/programmes";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/enabled")
    String enable(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "false") boolean enabled,
            Model model,
            RedirectAttributes redirect) {
        var p = programmes.get(id);
        try {
            programmes.revise(
                    id,
                    version,
                    new ProgrammeDraft(
                            p.name(),
                            p.title(),
                            p.kind().name(),
                            p.priority().name(),
                            p.grades(),
                            p.stages(),
                            p.customerTypes(),
                            p.recurrence(),
                            p.assigneeRule().name(),
                            p.firstDueDays(),
                            enabled));
        } catch (StaleVersionException e) {
            return page(model, null, formErrors.of(List.of(new FieldProblem("version", "task.stale"))));
        }
        redirect.addFlashAttribute("flashKey", "task.programme.saved");
        return "redirect:/tasks/programmes";
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        programmes.delete(id);
        redirect.addFlashAttribute("flashKey", "task.programme.deleted");
        return "redirect:/tasks/programmes";
    }

    private static ProgrammeDraft draft(ProgrammeForm form, boolean enabled) {
        var rule = TaskController.rule(new TaskController.TaskForm(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                form.repeat(),
                form.repeatEvery(),
                form.repeatDay(),
                null));
        return new ProgrammeDraft(
                form.name(),
                form.title(),
                form.kind(),
                form.priority(),
                form.grades(),
                form.stages(),
                form.customerTypes(),
                rule,
                form.assigneeRule(),
                form.firstDueDays(),
                enabled);
    }

    private String page(Model model, ProgrammeForm form, Map<String, List<String>> errors) {
        model.addAttribute("programmes", programmes.list());
        model.addAttribute(
                "form",
                form == null
                        ? new ProgrammeForm(
                                "",
                                "",
                                TaskKind.FOLLOW_UP.name(),
                                TaskPriority.NORMAL.name(),
                                List.of(),
                                List.of(),
                                List.of(),
                                "DAILY",
                                90,
                                null,
                                AssigneeRule.OWNER.name(),
                                7)
                        : form);
        model.addAttribute("errors", errors);
        model.addAttribute("grades", Grade.values());
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("types", CustomerType.values());
        model.addAttribute("kinds", TaskKind.values());
        model.addAttribute("priorities", TaskPriority.values());
        model.addAttribute("frequencies", Recurrence.Frequency.values());
        model.addAttribute("rules", AssigneeRule.values());
        model.addAttribute("section", "tasks");
        return "tasks/programmes";
    }
}
