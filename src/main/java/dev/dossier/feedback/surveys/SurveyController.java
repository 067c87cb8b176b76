package dev.dossier.feedback.surveys;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The survey pages for staff: CSAT of the last 90 days, the NPS surveys with their results, sending a new one. */
@Controller
@RequestMapping("/surveys")
class SurveyController {

    /**
     * The NPS form.
     *
     * @param name name
     * @param grades grades
     * @param stages lifecycle stages
     * @param types customer types
     * @param tag tag
     */
    record NpsForm(String name, List<String> grades, List<String> stages, List<String> types, String tag) {}

    private final SurveyManagement surveys;
    private final CustomerDirectory customers;
    private final FormErrors formErrors;
    private final Access access;
    private final Clock clock;

    SurveyController(
            SurveyManagement surveys, CustomerDirectory customers, FormErrors formErrors, Access access, Clock clock) {
        this.surveys = surveys;
        this.customers = customers;
        this.formErrors = formErrors;
        this.access = access;
        this.clock = clock;
    }

    @Permission(area = Area.CASES, operation = Operation.READ)
    @GetMapping
    String list(Model model) {
        return page(model, new NpsForm("", List.of(), List.of(), List.of(), ""), Map.of());
    }

    @Permission(area = Area.CASES, operation = Operation.CREATE)
    @PostMapping
    String create(NpsForm form, Model model, RedirectAttributes redirect) {
        try {
            var survey = surveys.createNps(
                    new SurveyManagement.NpsDraft(form.name(), form.grades(), form.stages(), form.types(), form.tag()));
            redirect.addFlashAttribute("flashKey", "surveys.sent");
            redirect.addFlashAttribute("flashArg", survey.invited());
            return "redirect:/surveys/" + survey.id();
        } catch (ValidationException e) {
            return page(model, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.CASES, operation = Operation.READ)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        var survey = surveys.survey(id);
        var answers = surveys.answers(id, 200);
        model.addAttribute("survey", survey);
        model.addAttribute("answers", answers);
        model.addAttribute(
                "customerNames",
                customers.names(answers.stream()
                        .map(SurveyManagement.Answer::customerId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()));
        model.addAttribute("section", "cases");
        return "surveys/show";
    }

    private String page(Model model, NpsForm form, Map<String, List<String>> errors) {
        model.addAttribute("csat", surveys.csat(OffsetDateTime.now(clock).minusDays(90)));
        model.addAttribute("surveys", surveys.surveys());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("grades", dev.dossier.customers.Grade.values());
        model.addAttribute("stages", dev.dossier.customers.LifecycleStage.values());
        model.addAttribute("types", dev.dossier.customers.CustomerType.values());
        model.addAttribute("canCreate", access.allows(Area.CASES, Operation.CREATE));
        model.addAttribute("section", "cases");
        return "surveys/list";
    }
}
