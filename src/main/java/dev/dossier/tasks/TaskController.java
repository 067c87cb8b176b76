package dev.dossier.tasks;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.ExportJobs;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.Formats;
import dev.dossier.shared.InteractionLog;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.Subjects;
import dev.dossier.shared.TableFile;
import dev.dossier.shared.ValidationException;
import dev.dossier.tasks.TaskManagement.InteractionPart;
import dev.dossier.tasks.TaskManagement.TaskDraft;
import dev.dossier.tasks.TaskQueries.Filter;
import dev.dossier.tasks.TaskQueries.View;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxViewResolver;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The task pages: the lists, the calendar, a task with its steps, and the form (whole page or htmx fragment). */
@Controller
@RequestMapping("/tasks")
class TaskController {

    /**
     * The task form.
     *
     * @param version version shown (changes)
     * @param subject what it is about, e.g. {@code customer:<id>}
     * @param back where to go after saving (a page of the application)
     * @param title title
     * @param description description
     * @param kind kind
     * @param priority priority
     * @param status status
     * @param assignee {@code user:<id>} or {@code team:<id>}
     * @param dueDate due day
     * @param dueTime due time of day
     * @param reminder reminder setting
     * @param repeat NONE, DAILY, WEEKLY, MONTHLY or YEARLY
     * @param repeatEvery every how many days, weeks, months or years
     * @param repeatDay day of the month (monthly)
     * @param shareCustomer share the customer with the assignee if they cannot open it
     */
    record TaskForm(
            Integer version,
            String subject,
            String back,
            String title,
            String description,
            String kind,
            String priority,
            String status,
            String assignee,
            LocalDate dueDate,
            LocalTime dueTime,
            String reminder,
            String repeat,
            Integer repeatEvery,
            Integer repeatDay,
            Boolean shareCustomer) {}

    /**
     * Completing a task on its page.
     *
     * @param version version shown
     * @param logInteraction whether to log the interaction too
     * @param channel channel
     * @param direction INBOUND or OUTBOUND
     * @param outcome outcome
     * @param satisfaction 1–5
     * @param summary one line
     * @param content details
     * @param followUpSucceeded whether the follow-up reached its aim
     */
    record CompleteForm(
            Integer version,
            Boolean logInteraction,
            String channel,
            String direction,
            String outcome,
            Integer satisfaction,
            String summary,
            String content,
            Boolean followUpSucceeded) {}

    private static final LocalTime DEFAULT_TIME = LocalTime.of(9, 0);

    private final TaskManagement management;
    private final TaskQueries queries;
    private final Subjects subjects;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final ObjectProvider<InteractionLog> interactions;
    private final FormErrors formErrors;
    private final Access access;
    private final Formats formats;
    private final TaskViews views;
    private final TaskExport export;
    private final ExportJobs jobs;

    TaskController(
            TaskManagement management,
            TaskQueries queries,
            Subjects subjects,
            CustomerDirectory customers,
            UserDirectory users,
            ObjectProvider<InteractionLog> interactions,
            FormErrors formErrors,
            Access access,
            Formats formats,
            TaskViews views,
            TaskExport export,
            ExportJobs jobs) {
        this.jobs = jobs;
        this.views = views;
        this.export = export;
        this.management = management;
        this.queries = queries;
        this.subjects = subjects;
        this.customers = customers;
        this.users = users;
        this.interactions = interactions;
        this.formErrors = formErrors;
        this.access = access;
        this.formats = formats;
    }

    /** A list filter from request parameters; {@code status=ANY} lists every status. */
    static Filter filter(String view, String status, TaskPriority priority, TaskKind kind, UUID assignee) {
        var any = "ANY".equalsIgnoreCase(status);
        TaskStatus s = null;
        if (!any && status != null && !status.isBlank()) {
            try {
                s = TaskStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("task.status.invalid", "Not a task status: " + status);
            }
        }
        return new Filter(View.parse(view), s, any, priority, kind, assignee);
    }

    // ------------------------------------------------------------------ lists and calendar

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EXPORT)
    @GetMapping("/export")
    void export(
            @org.springframework.web.bind.annotation.ModelAttribute("listParams") TaskQueries.Params params,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        export(export, params.filter(), format, response);
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EXPORT)
    @PostMapping("/export")
    String exportInBackground(
            @org.springframework.web.bind.annotation.ModelAttribute("listParams") TaskQueries.Params params,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        inBackground(export, jobs, params.filter(), format);
        redirect.addFlashAttribute("flashKey", "export.started");
        return "redirect:/exports";
    }

    /** Starts writing the file in the background; answers the export's id. */
    static UUID inBackground(TaskExport export, ExportJobs jobs, Filter filter, TableFile.Format format) {
        export.requireRight();
        var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        return jobs.start(
                "tasks",
                "tasks." + format.extension,
                format.contentType,
                TaskExport.describe(filter),
                out -> export.write(filter, format, out, locale));
    }

    /** Writes the file as a download (the page's and the API's export). */
    static void export(
            TaskExport export,
            Filter filter,
            TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        export.requireRight();
        TableFile.download(response, format.contentType, "tasks." + format.extension);
        export.write(
                filter,
                format,
                response.getOutputStream(),
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.READ)
    @GetMapping
    String list(
            @org.springframework.web.bind.annotation.ModelAttribute("listParams") TaskQueries.Params params,
            @RequestParam(required = false) String cursor,
            HtmxRequest htmx,
            Model model) {
        var filter = params.filter();
        var page = queries.list(filter, cursor, 50);
        model.addAttribute("filter", filter);
        model.addAttribute(
                "statusParam",
                filter.anyStatus()
                        ? "ANY"
                        : filter.status() == null ? "" : filter.status().name());
        model.addAttribute("tasks", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        names(model, page.items());
        model.addAttribute("counts", queries.counts());
        model.addAttribute("views", View.values());
        model.addAttribute("statuses", TaskStatus.values());
        model.addAttribute("priorities", TaskPriority.values());
        model.addAttribute("kinds", TaskKind.values());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("canCreate", access.allows(Area.TASKS, Operation.CREATE));
        model.addAttribute("canProgrammes", access.allows(Area.SYSTEM, Operation.READ));
        model.addAttribute("section", "tasks");
        return htmx.isHtmxRequest() && cursor != null ? "tasks/list :: rows" : "tasks/list";
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.READ)
    @GetMapping("/calendar")
    String calendar(@RequestParam(required = false) String month, Model model) {
        YearMonth shown;
        try {
            shown = month == null || month.isBlank()
                    ? YearMonth.from(management.today(formats.zone()))
                    : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("task.month.invalid", "Not a month: " + month);
        }
        var calendar = queries.month(shown, views::day);
        model.addAttribute("calendar", calendar);
        model.addAttribute("previous", shown.minusMonths(1));
        model.addAttribute("next", shown.plusMonths(1));
        model.addAttribute("section", "tasks");
        return "tasks/calendar";
    }

    // ------------------------------------------------------------------ one task

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.READ)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        var task = management.get(id);
        return showPage(
                task,
                model,
                new CompleteForm(task.version(), false, null, "OUTBOUND", null, null, null, null, null),
                Map.of());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.CREATE)
    @GetMapping("/new")
    String newTask(@RequestParam(required = false) String subject, HtmxRequest htmx, Model model) {
        String back = null;
        if (subject != null && !subject.isBlank()) {
            var view = subjects.require(Subject.parse(subject));
            back = view.subject().type().equals("customer") ? view.link() + "?tab=timeline" : view.link();
        }
        var kind = subject != null && !subject.isBlank() ? TaskKind.FOLLOW_UP : TaskKind.TODO;
        var form = new TaskForm(
                null,
                subject,
                back,
                "",
                "",
                kind.name(),
                TaskPriority.NORMAL.name(),
                TaskStatus.OPEN.name(),
                "",
                management.today(formats.zone()).plusDays(1),
                DEFAULT_TIME,
                Reminder.DEFAULT.name(),
                "NONE",
                1,
                null,
                false);
        return form(model, null, form, Map.of(), htmx.isHtmxRequest());
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.CREATE)
    @PostMapping
    String create(TaskForm form, BindingResult binding, Model model, HtmxRequest htmx) {
        if (binding.hasErrors()) {
            return form(model, null, form, formErrors.of(formErrors.binding(binding)), htmx.isHtmxRequest());
        }
        try {
            var task = management.create(draft(form));
            return done(safeBack(form.back(), "/tasks/" + task.id()), htmx);
        } catch (ValidationException e) {
            return form(model, null, form, formErrors.of(e.problems()), htmx.isHtmxRequest());
        }
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        var task = management.get(id);
        var due = task.dueAt().atZoneSameInstant(formats.zone());
        var rule = Recurrence.parse(task.recurrence());
        var assignee = task.assigneeId() != null
                ? "user:" + task.assigneeId()
                : task.teamId() != null ? "team:" + task.teamId() : "";
        var form = new TaskForm(
                task.version(),
                task.subject() == null ? null : task.subject().toString(),
                "/tasks/" + id,
                task.title(),
                task.description(),
                task.kind().name(),
                task.priority().name(),
                task.status().name(),
                assignee,
                due.toLocalDate(),
                due.toLocalTime(),
                task.reminder().name(),
                rule == null ? "NONE" : rule.frequency().name(),
                rule == null ? 1 : rule.interval(),
                rule == null ? null : rule.monthDay(),
                false);
        return form(model, task, form, Map.of(), false);
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id, TaskForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        var task = management.get(id);
        if (binding.hasErrors()) {
            return form(model, task, form, formErrors.of(formErrors.binding(binding)), false);
        }
        try {
            management.update(id, form.version(), draft(form));
            redirect.addFlashAttribute("flashKey", "task.saved");
            return "redirect:/tasks/" + id;
        } catch (ValidationException e) {
            return form(model, task, form, formErrors.of(e.problems()), false);
        } catch (StaleVersionException e) {
            return form(model, task, form, Map.of("version", List.of(stale())), false);
        }
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/complete")
    String complete(
            @PathVariable UUID id, CompleteForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        var task = management.get(id);
        if (binding.hasErrors()) {
            return showPage(task, model, form, formErrors.of(formErrors.binding(binding)));
        }
        var part = Boolean.TRUE.equals(form.logInteraction())
                ? new InteractionPart(
                        form.channel(),
                        form.direction(),
                        form.outcome(),
                        form.satisfaction(),
                        form.summary(),
                        form.content(),
                        form.followUpSucceeded())
                : null;
        try {
            var done = management.complete(id, form.version(), part);
            redirect.addFlashAttribute(
                    "flashKey", done.nextTaskId() != null ? "task.completed.next" : "task.completed");
            return "redirect:/tasks/" + id;
        } catch (ValidationException e) {
            return showPage(task, model, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return showPage(management.get(id), model, form, Map.of("version", List.of(stale())));
        }
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/reopen")
    String reopen(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return step(id, version, model, redirect, () -> management.reopen(id, version), "task.reopened");
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/cancel")
    String cancel(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return step(id, version, model, redirect, () -> management.cancel(id, version), "task.cancelled");
    }

    @Permission(area = Access.Area.TASKS, operation = Access.Operation.DELETE)
    @PostMapping("/{id}/delete")
    String delete(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        var task = management.get(id);
        try {
            management.delete(id, version);
        } catch (StaleVersionException e) {
            return showPage(management.get(id), model, blankCompletion(task), Map.of("version", List.of(stale())));
        }
        redirect.addFlashAttribute("flashKey", "task.deleted");
        return "redirect:/tasks";
    }

    private String step(
            UUID id, Integer version, Model model, RedirectAttributes redirect, Runnable action, String flash) {
        try {
            action.run();
        } catch (ValidationException e) {
            var task = management.get(id);
            return showPage(task, model, blankCompletion(task), formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            var task = management.get(id);
            return showPage(task, model, blankCompletion(task), Map.of("version", List.of(stale())));
        }
        redirect.addFlashAttribute("flashKey", flash);
        return "redirect:/tasks/" + id;
    }

    private static CompleteForm blankCompletion(Task task) {
        return new CompleteForm(task.version(), false, null, "OUTBOUND", null, null, null, null, null);
    }

    private String stale() {
        return formErrors
                .of(List.of(new FieldProblem("version", "task.stale")))
                .get("version")
                .getFirst();
    }

    private String showPage(Task task, Model model, CompleteForm completion, Map<String, List<String>> errors) {
        model.addAttribute("task", task);
        model.addAttribute("completion", completion);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "about",
                task.subject() == null ? null : subjects.find(task.subject()).orElse(null));
        names(model, List.of(task));
        var log = interactions.getIfAvailable();
        boolean canLog = log != null
                && task.kind() == TaskKind.FOLLOW_UP
                && task.customerId() != null
                && task.status().open();
        model.addAttribute("canLog", canLog);
        model.addAttribute("channels", canLog ? log.channels() : List.of());
        model.addAttribute("outcomes", canLog ? log.outcomes() : List.of());
        model.addAttribute("canEdit", access.allows(Area.TASKS, Operation.EDIT));
        model.addAttribute("canDelete", access.allows(Area.TASKS, Operation.DELETE));
        model.addAttribute("section", "tasks");
        return "tasks/show";
    }

    private String form(Model model, Task task, TaskForm form, Map<String, List<String>> errors, boolean fragment) {
        model.addAttribute("task", task);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        if (form.subject() != null && !form.subject().isBlank()) {
            try {
                model.addAttribute(
                        "about", subjects.find(Subject.parse(form.subject())).orElse(null));
            } catch (InvalidValueException e) {
                model.addAttribute("about", null);
            }
        }
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute("kinds", TaskKind.values());
        model.addAttribute("priorities", TaskPriority.values());
        model.addAttribute(
                "statuses",
                task == null
                        ? List.of(TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.DONE)
                        : task.status().open()
                                ? List.of(TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
                                : List.of(task.status()));
        model.addAttribute("reminders", Reminder.values());
        model.addAttribute("frequencies", Recurrence.Frequency.values());
        model.addAttribute("section", "tasks");
        return fragment ? "tasks/form :: form" : "tasks/form";
    }

    private void names(Model model, List<Task> tasks) {
        model.addAttribute(
                "customerNames",
                customers.names(tasks.stream()
                        .map(Task::customerId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()));
        model.addAttribute(
                "usersById",
                users.users(tasks.stream()
                        .flatMap(t -> Stream.of(t.assigneeId(), t.createdBy(), t.completedBy()))
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()));
        model.addAttribute("teamsById", users.teamsById());
    }

    private TaskDraft draft(TaskForm form) {
        UUID assigneeId = null;
        UUID teamId = null;
        var problems = new ArrayList<FieldProblem>();
        var assignee = form.assignee() == null ? "" : form.assignee().strip();
        try {
            if (assignee.startsWith("user:")) {
                assigneeId = UUID.fromString(assignee.substring(5));
            } else if (assignee.startsWith("team:")) {
                teamId = UUID.fromString(assignee.substring(5));
            } else if (!assignee.isEmpty()) {
                problems.add(new FieldProblem("assigneeId", "task.assignee.unknown"));
            } else {
                // "Me" in the form, also when editing someone else's task.
                assigneeId = dev.dossier.identity.CurrentUser.get().id();
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("assigneeId", "task.assignee.unknown"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var dueAt = form.dueDate() == null
                ? null
                : form.dueDate()
                        .atTime(form.dueTime() == null ? DEFAULT_TIME : form.dueTime())
                        .atZone(formats.zone())
                        .toOffsetDateTime();
        return new TaskDraft(
                form.subject(),
                form.title(),
                form.description(),
                form.kind(),
                form.priority(),
                form.status(),
                assigneeId,
                teamId,
                dueAt,
                form.reminder(),
                rule(form),
                Boolean.TRUE.equals(form.shareCustomer()));
    }

    /** The RRULE the picker stands for: a frequency, an interval, and for monthly rules an optional day. */
    static String rule(TaskForm form) {
        var repeat = form.repeat() == null ? "" : form.repeat().strip();
        if (repeat.isEmpty() || repeat.equals("NONE")) {
            return null;
        }
        var rule = "FREQ=" + repeat + ";INTERVAL=" + (form.repeatEvery() == null ? 1 : form.repeatEvery());
        return form.repeatDay() == null ? rule : rule + ";BYMONTHDAY=" + form.repeatDay();
    }

    /** Only pages of the application, never another site. */
    private static String safeBack(String back, String fallback) {
        return back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") ? back : fallback;
    }

    /** After saving, the browser goes on to {@code target}: htmx follows HX-Redirect, a plain form a redirect. */
    private static String done(String target, HtmxRequest htmx) {
        return (htmx.isHtmxRequest() ? HtmxViewResolver.REDIRECT_URL_PREFIX : "redirect:") + target;
    }
}
