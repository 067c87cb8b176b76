package dev.dossier.feedback.sla;

import dev.dossier.feedback.sla.SlaPolicies.PolicyDraft;
import dev.dossier.feedback.sla.SlaPolicies.SlaPolicy;
import dev.dossier.feedback.sla.WorkCalendars.Calendar;
import dev.dossier.feedback.sla.WorkCalendars.CalendarDraft;
import dev.dossier.feedback.sla.WorkCalendars.DayKind;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administration of service levels: SLA policies (a matrix of what each kind of case from each grade of customer
 * is promised, the list, the form, the recommended set) and work calendars (hours, holidays, make-up days, a preview
 * of due times). Whoever reads cases may look; changing needs the system area's edit right.
 */
@Controller
class SlaAdminController {

    /**
     * The policy form.
     *
     * @param version version shown (changes)
     * @param name name
     * @param kind case kind or empty for any
     * @param grade customer grade or empty for any
     * @param priority priority or empty for any
     * @param firstResponseMinutes business minutes to the first response
     * @param resolutionMinutes business minutes to the resolution
     * @param warnBeforeMinutes warning lead time in business minutes
     * @param calendarId calendar, empty for the default
     * @param notifyManager notify the manager on a breach
     * @param raisePriority raise the priority on a breach
     * @param escalateTo {@code user:<id>}, {@code team:<id>} or empty
     * @param active applies to new cases
     */
    record PolicyForm(
            Integer version,
            String name,
            String kind,
            String grade,
            String priority,
            Integer firstResponseMinutes,
            Integer resolutionMinutes,
            Integer warnBeforeMinutes,
            UUID calendarId,
            Boolean notifyManager,
            Boolean raisePriority,
            String escalateTo,
            Boolean active) {

        static PolicyForm empty() {
            return new PolicyForm(null, "", "", "", "", 480, 2400, 60, null, true, false, "", true);
        }

        static PolicyForm of(SlaPolicy p) {
            var to = p.escalateToUserId() != null
                    ? "user:" + p.escalateToUserId()
                    : p.escalateToTeamId() != null ? "team:" + p.escalateToTeamId() : "";
            return new PolicyForm(
                    p.version(),
                    p.name(),
                    blank(p.kind()),
                    blank(p.grade()),
                    blank(p.priority()),
                    p.firstResponseMinutes(),
                    p.resolutionMinutes(),
                    p.warnBeforeMinutes(),
                    p.calendarId(),
                    p.notifyManager(),
                    p.raisePriority(),
                    to,
                    p.active());
        }

        PolicyDraft draft() {
            UUID user = null;
            UUID team = null;
            var to = Objects.requireNonNullElse(escalateTo, "");
            try {
                if (to.startsWith("user:")) {
                    user = UUID.fromString(to.substring(5));
                } else if (to.startsWith("team:")) {
                    team = UUID.fromString(to.substring(5));
                } else if (!to.isBlank()) {
                    throw new IllegalArgumentException(to);
                }
            } catch (IllegalArgumentException e) {
                throw new ValidationException(List.of(new FieldProblem("escalateTo", "field.invalid")));
            }
            return new PolicyDraft(
                    name,
                    kind,
                    grade,
                    priority,
                    firstResponseMinutes,
                    resolutionMinutes,
                    warnBeforeMinutes,
                    calendarId,
                    Boolean.TRUE.equals(notifyManager),
                    Boolean.TRUE.equals(raisePriority),
                    user,
                    team,
                    Boolean.TRUE.equals(active));
        }

        private static String blank(String value) {
            return value == null ? "" : value;
        }
    }

    /**
     * The calendar form.
     *
     * @param version version shown (changes)
     * @param name name
     * @param zone time zone
     * @param weekHours hours by day of the week
     * @param isDefault make it the default
     * @param days holidays and make-up days, one a line
     */
    record CalendarForm(Integer version, String name, String zone, String weekHours, Boolean isDefault, String days) {

        static CalendarForm empty() {
            return new CalendarForm(null, "", WorkCalendars.STANDARD_ZONE, WorkCalendars.STANDARD_HOURS, false, "");
        }

        static CalendarForm of(Calendar c) {
            return new CalendarForm(
                    c.version(), c.name(), c.zone(), c.weekHours(), c.isDefault(), WorkCalendars.formatDays(c.days()));
        }

        CalendarDraft draft() {
            return new CalendarDraft(
                    name, zone, weekHours, isDefault, WorkCalendars.parseDays(days, DayKind.HOLIDAY, null, "days"));
        }
    }

    /**
     * One cell of the matrix: what a kind of case from a grade of customer is promised at the priority shown.
     *
     * @param policy the policy that applies, or null for no SLA
     */
    record Cell(SlaPolicy policy) {}

    private static final List<Integer> PREVIEW_MINUTES = List.of(60, 240, 480, 2400);

    private final SlaPolicies policies;
    private final WorkCalendars calendars;
    private final UserDirectory users;
    private final FormErrors formErrors;
    private final Access access;
    private final SlaViews views;
    private final MessageSource messages;
    private final Clock clock;

    SlaAdminController(
            SlaPolicies policies,
            WorkCalendars calendars,
            UserDirectory users,
            FormErrors formErrors,
            Access access,
            SlaViews views,
            MessageSource messages,
            Clock clock) {
        this.policies = policies;
        this.calendars = calendars;
        this.users = users;
        this.formErrors = formErrors;
        this.access = access;
        this.views = views;
        this.messages = messages;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ policies

    @Permission(area = Area.CASES, operation = Operation.READ)
    @GetMapping("/admin/sla-policies")
    String policies(@RequestParam(required = false) String priority, Model model) {
        return policiesPage(model, priority, PolicyForm.empty(), Map.of());
    }

    @Permission(area = Area.CASES, operation = Operation.READ)
    @GetMapping("/admin/sla-policies/{id}")
    String policy(@PathVariable UUID id, Model model) {
        return policyPage(model, id, PolicyForm.of(policies.get(id)), Map.of(), false);
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/sla-policies")
    String createPolicy(PolicyForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return policiesPage(model, null, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            policies.create(form.draft());
            redirect.addFlashAttribute("flashKey", "sla.policy.saved");
            return "redirect:/admin/sla-policies";
        } catch (ValidationException e) {
            return policiesPage(model, null, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/sla-policies/recommended")
    String addRecommended(RedirectAttributes redirect) {
        var locale = LocaleContextHolder.getLocale();
        int added = policies.addRecommended(code -> messages.getMessage("sla.recommended." + code, null, code, locale));
        redirect.addFlashAttribute("flashKey", "sla.recommended.added");
        redirect.addFlashAttribute("flashArg", added);
        return "redirect:/admin/sla-policies";
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/sla-policies/{id}")
    String updatePolicy(
            @PathVariable UUID id, PolicyForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return policyPage(model, id, form, formErrors.of(formErrors.binding(binding)), false);
        }
        try {
            policies.update(id, version(form.version()), form.draft());
            redirect.addFlashAttribute("flashKey", "sla.policy.saved");
            return "redirect:/admin/sla-policies";
        } catch (ValidationException e) {
            return policyPage(model, id, form, formErrors.of(e.problems()), false);
        } catch (StaleVersionException e) {
            return policyPage(model, id, form, Map.of(), true);
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/sla-policies/{id}/retirement")
    String retirePolicy(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "true") boolean retired,
            Model model,
            RedirectAttributes redirect) {
        try {
            policies.retire(id, version(version), retired);
            redirect.addFlashAttribute("flashKey", retired ? "sla.policy.retired" : "sla.policy.restored");
            return "redirect:/admin/sla-policies";
        } catch (ValidationException e) {
            return policyPage(model, id, PolicyForm.of(policies.get(id)), formErrors.of(e.problems()), false);
        } catch (StaleVersionException e) {
            return policyPage(model, id, PolicyForm.of(policies.get(id)), Map.of(), true);
        }
    }

    private String policiesPage(Model model, String priority, PolicyForm form, Map<String, List<String>> errors) {
        var all = policies.list();
        var shown = priority != null && SlaPolicies.PRIORITIES.contains(priority) ? priority : "NORMAL";
        var matrix = new LinkedHashMap<String, Map<String, Cell>>();
        for (var kind : SlaPolicies.KINDS) {
            var row = new LinkedHashMap<String, Cell>();
            for (var grade : SlaPolicies.GRADES) {
                row.put(
                        grade,
                        new Cell(SlaPolicies.best(all, kind, grade, shown).orElse(null)));
            }
            matrix.put(kind, row);
        }
        model.addAttribute("policies", all);
        model.addAttribute("matrix", matrix);
        model.addAttribute("matrixPriority", shown);
        commonPolicyModel(model, form, errors);
        return "sla/policies";
    }

    private String policyPage(Model model, UUID id, PolicyForm form, Map<String, List<String>> errors, boolean stale) {
        model.addAttribute("policy", policies.get(id));
        model.addAttribute("stale", stale);
        commonPolicyModel(model, form, errors);
        return "sla/policy";
    }

    private void commonPolicyModel(Model model, PolicyForm form, Map<String, List<String>> errors) {
        var calendarList = calendars.list();
        var calendarNames = new LinkedHashMap<UUID, String>();
        calendarList.forEach(c -> calendarNames.put(c.id(), c.name()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("kinds", SlaPolicies.KINDS);
        model.addAttribute("grades", SlaPolicies.GRADES);
        model.addAttribute("priorities", SlaPolicies.PRIORITIES);
        model.addAttribute("calendars", calendarList);
        model.addAttribute("calendarNames", calendarNames);
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("teams", users.teams());
        var names = new LinkedHashMap<UUID, String>();
        users.activeUsers().forEach(u -> names.put(u.id(), u.displayName()));
        users.teams().forEach(t -> names.put(t.id(), t.name()));
        model.addAttribute("names", names);
        model.addAttribute("canEdit", access.allows(Area.SYSTEM, Operation.EDIT));
        model.addAttribute("section", "admin");
    }

    // ------------------------------------------------------------------ calendars

    @Permission(area = Area.CASES, operation = Operation.READ)
    @GetMapping("/admin/work-calendars")
    String calendars(Model model) {
        return calendarsPage(model, CalendarForm.empty(), Map.of());
    }

    @Permission(area = Area.CASES, operation = Operation.READ)
    @GetMapping("/admin/work-calendars/{id}")
    String calendar(@PathVariable UUID id, @RequestParam(required = false) Integer minutes, Model model) {
        return calendarPage(model, id, null, Map.of(), false, minutes);
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/work-calendars")
    String createCalendar(CalendarForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return calendarsPage(model, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            var created = calendars.create(form.draft());
            redirect.addFlashAttribute("flashKey", "sla.calendar.saved");
            return "redirect:/admin/work-calendars/" + created.id();
        } catch (ValidationException e) {
            return calendarsPage(model, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/work-calendars/{id}")
    String updateCalendar(
            @PathVariable UUID id, CalendarForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return calendarPage(model, id, form, formErrors.of(formErrors.binding(binding)), false, null);
        }
        return changeCalendar(
                model, redirect, id, form, () -> calendars.update(id, version(form.version()), form.draft()));
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/work-calendars/{id}/days")
    String pasteDays(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String dates,
            @RequestParam(defaultValue = "HOLIDAY") DayKind kind,
            @RequestParam(required = false) String name,
            Model model,
            RedirectAttributes redirect) {
        return changeCalendar(model, redirect, id, null, () -> {
            var added = WorkCalendars.parseDays(dates, kind, name, "dates");
            if (added.isEmpty()) {
                throw new ValidationException(List.of(new FieldProblem("dates", "field.required")));
            }
            return calendars.addDays(id, version(version), added);
        });
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/work-calendars/{id}/deletion")
    String deleteCalendar(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        try {
            calendars.delete(id, version);
            redirect.addFlashAttribute("flashKey", "sla.calendar.deleted");
            return "redirect:/admin/work-calendars";
        } catch (ValidationException e) {
            return calendarPage(model, id, null, formErrors.of(e.problems()), false, null);
        } catch (StaleVersionException e) {
            return calendarPage(model, id, null, Map.of(), true, null);
        }
    }

    private String changeCalendar(
            Model model, RedirectAttributes redirect, UUID id, CalendarForm form, Supplier<Calendar> work) {
        try {
            work.get();
            redirect.addFlashAttribute("flashKey", "sla.calendar.saved");
            return "redirect:/admin/work-calendars/" + id;
        } catch (ValidationException e) {
            return calendarPage(model, id, form, formErrors.of(e.problems()), false, null);
        } catch (StaleVersionException e) {
            return calendarPage(model, id, form, Map.of(), true, null);
        }
    }

    private String calendarsPage(Model model, CalendarForm form, Map<String, List<String>> errors) {
        var list = calendars.list();
        var now = Instant.now(clock);
        var previews = new LinkedHashMap<UUID, List<String[]>>();
        for (var c : list) {
            previews.put(c.id(), preview(c, now, PREVIEW_MINUTES));
        }
        model.addAttribute("calendars", list);
        model.addAttribute("previews", previews);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("canEdit", access.allows(Area.SYSTEM, Operation.EDIT));
        model.addAttribute("section", "admin");
        return "sla/calendars";
    }

    private String calendarPage(
            Model model, UUID id, CalendarForm form, Map<String, List<String>> errors, boolean stale, Integer minutes) {
        var calendar = calendars.get(id);
        var shownMinutes = minutes == null || minutes < 1 || minutes > SlaPolicies.MAX_MINUTES ? 240 : minutes;
        model.addAttribute("calendar", calendar);
        model.addAttribute("form", form == null ? CalendarForm.of(calendar) : form);
        model.addAttribute("errors", errors);
        model.addAttribute("stale", stale);
        model.addAttribute("minutes", shownMinutes);
        model.addAttribute(
                "preview",
                preview(calendar, Instant.now(clock), List.of(shownMinutes)).getFirst());
        model.addAttribute(
                "holidays",
                calendar.days().stream()
                        .filter(d -> d.kind() == DayKind.HOLIDAY)
                        .count());
        model.addAttribute(
                "workdays",
                calendar.days().stream()
                        .filter(d -> d.kind() == DayKind.WORKDAY)
                        .count());
        model.addAttribute("kinds", DayKind.values());
        model.addAttribute("canEdit", access.allows(Area.SYSTEM, Operation.EDIT));
        model.addAttribute("section", "admin");
        return "sla/calendar";
    }

    /** For each target: the target and when a case opened now would be due, in the calendar's zone. */
    private List<String[]> preview(Calendar calendar, Instant now, List<Integer> targets) {
        var zone = ZoneId.of(calendar.zone());
        var clock = new BusinessClock(calendar.toWorkCalendar());
        return targets.stream()
                .map(m -> {
                    String due;
                    try {
                        due = views.due(clock.plus(now, Duration.ofMinutes(m)), zone);
                    } catch (IllegalStateException e) {
                        due = "";
                    }
                    return new String[] {views.minutes(m), due};
                })
                .toList();
    }

    private static int version(Integer version) {
        if (version == null) {
            throw new ValidationException(List.of(new FieldProblem("version", "field.required")));
        }
        return version;
    }
}
