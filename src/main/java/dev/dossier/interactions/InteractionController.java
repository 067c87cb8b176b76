package dev.dossier.interactions;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.ExportJobs;
import dev.dossier.shared.Formats;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.Subject;
import dev.dossier.shared.Subjects;
import dev.dossier.shared.TableFile;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponse;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The interaction pages: the log form (an htmx fragment on the customer's timeline, a whole page without
 * JavaScript), one interaction, its edit form, and the list of the interactions the user reaches.
 */
@Controller
@RequestMapping("/interactions")
class InteractionController {

    private static final int PAGE_SIZE = 50;

    /**
     * The log and edit form.
     *
     * @param subject {@code customer:<id>} or {@code contact:<id>}
     * @param channel channel
     * @param direction direction
     * @param startedAt start, in the organisation's time zone
     * @param durationMinutes minutes
     * @param summary one line
     * @param content details
     * @param outcome outcome
     * @param satisfaction 1–5 or empty
     * @param followUp {@code yes}, {@code no} or empty for unknown
     * @param ownerId owner
     * @param userIds users who took part
     * @param contactIds contacts who took part
     * @param version the version edited
     */
    record InteractionForm(
            String subject,
            String channel,
            String direction,

            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
            LocalDateTime startedAt,

            Integer durationMinutes,
            String summary,
            String content,
            String outcome,
            Integer satisfaction,
            String followUp,
            UUID ownerId,
            List<UUID> userIds,
            List<UUID> contactIds,
            Integer version) {

        public Boolean followUpSucceeded() {
            return "yes".equals(followUp) ? Boolean.TRUE : "no".equals(followUp) ? Boolean.FALSE : null;
        }

        InteractionDraft draft(java.time.ZoneId zone) {
            return new InteractionDraft(
                    subject,
                    channel,
                    direction,
                    startedAt == null ? null : startedAt.atZone(zone).toOffsetDateTime(),
                    durationMinutes,
                    summary,
                    content,
                    outcome,
                    satisfaction,
                    followUpSucceeded(),
                    ownerId,
                    userIds,
                    contactIds,
                    null);
        }

        static InteractionForm of(Interaction i, java.time.ZoneId zone) {
            return new InteractionForm(
                    i.subject().toString(),
                    i.channel().name(),
                    i.direction().name(),
                    i.startedAt().atZoneSameInstant(zone).toLocalDateTime(),
                    i.durationMinutes(),
                    i.summary(),
                    i.content(),
                    i.outcome().name(),
                    i.satisfaction(),
                    i.followUpSucceeded() == null ? "" : i.followUpSucceeded() ? "yes" : "no",
                    i.ownerId(),
                    i.participantUsers(),
                    i.participantContacts(),
                    i.version());
        }
    }

    private final InteractionManagement management;
    private final InteractionQueries queries;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final Subjects subjects;
    private final FormErrors formErrors;
    private final Formats formats;
    private final MessageSource messages;
    private final Clock clock;
    private final InteractionTimeline timeline;
    private final InteractionExport export;
    private final ExportJobs jobs;

    InteractionController(
            InteractionManagement management,
            InteractionQueries queries,
            CustomerDirectory customers,
            UserDirectory users,
            Subjects subjects,
            FormErrors formErrors,
            Formats formats,
            MessageSource messages,
            Clock clock,
            InteractionTimeline timeline,
            InteractionExport export,
            ExportJobs jobs) {
        this.jobs = jobs;
        this.timeline = timeline;
        this.export = export;
        this.management = management;
        this.queries = queries;
        this.customers = customers;
        this.users = users;
        this.subjects = subjects;
        this.formErrors = formErrors;
        this.formats = formats;
        this.messages = messages;
        this.clock = clock;
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping
    String list(
            @org.springframework.web.bind.annotation.ModelAttribute("listFilter") InteractionQueries.Filter asked,
            @RequestParam(required = false) String cursor,
            Model model) {
        var filter = asked.withoutCustomer();
        var slice = queries.list(filter, formats.zone(), cursor, PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("slice", slice);
        model.addAttribute(
                "customerNames",
                customers.names(slice.items().stream()
                        .map(Interaction::customerId)
                        .distinct()
                        .toList()));
        model.addAttribute("users", users.activeUsers());
        model.addAttribute(
                "usersById",
                users.users(slice.items().stream()
                        .map(Interaction::ownerId)
                        .distinct()
                        .toList()));
        model.addAttribute("channels", Channel.values());
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("section", "interactions");
        return "interactions/list";
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @GetMapping("/export")
    void export(
            @org.springframework.web.bind.annotation.ModelAttribute("listFilter") InteractionQueries.Filter filter,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        export(export, filter.withoutCustomer(), format, response);
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EXPORT)
    @PostMapping("/export")
    String exportInBackground(
            @org.springframework.web.bind.annotation.ModelAttribute("listFilter") InteractionQueries.Filter filter,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            RedirectAttributes redirect) {
        inBackground(export, jobs, filter.withoutCustomer(), format);
        redirect.addFlashAttribute("flashKey", "export.started");
        return "redirect:/exports";
    }

    /** Starts writing the file in the background; answers the export's id. */
    static UUID inBackground(
            InteractionExport export, ExportJobs jobs, InteractionQueries.Filter filter, TableFile.Format format) {
        export.requireRight();
        var locale = LocaleContextHolder.getLocale();
        return jobs.start(
                "interactions",
                "interactions." + format.extension,
                format.contentType,
                InteractionExport.describe(filter),
                out -> export.write(filter, format, out, locale));
    }

    /** Writes the file as a download (the page's and the API's export). */
    static void export(
            InteractionExport export,
            InteractionQueries.Filter filter,
            TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        export.requireRight();
        TableFile.download(response, format.contentType, "interactions." + format.extension);
        export.write(filter, format, response.getOutputStream(), LocaleContextHolder.getLocale());
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.CREATE)
    @GetMapping("/new")
    String newInteraction(@RequestParam String subject, HtmxRequest htmx, Model model) {
        var parsed = parse(subject);
        var form = new InteractionForm(
                parsed.toString(),
                Channel.CALL.name(),
                Direction.OUTBOUND.name(),
                LocalDateTime.now(clock.withZone(formats.zone())).truncatedTo(ChronoUnit.MINUTES),
                null,
                "",
                "",
                Outcome.REACHED.name(),
                null,
                "",
                null,
                List.of(),
                List.of(),
                null);
        return form(model, form, null, Map.of(), htmx.isHtmxRequest());
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.CREATE)
    @PostMapping
    String log(
            InteractionForm form,
            BindingResult binding,
            HtmxRequest htmx,
            Model model,
            RedirectAttributes redirect,
            HtmxResponse htmxResponse) {
        parse(form.subject());
        if (binding.hasErrors()) {
            return form(model, form, null, formErrors.of(formErrors.binding(binding)), htmx.isHtmxRequest());
        }
        try {
            var interaction = management.log(form.draft(formats.zone()));
            if (htmx.isHtmxRequest()) {
                // The timeline below the form lists the new entry at once (customers/timeline.html listens).
                htmxResponse.addTrigger("timeline-changed");
                model.addAttribute("logged", interaction);
                model.addAttribute("heading", title(interaction));
                return "interactions/form :: logged";
            }
            redirect.addFlashAttribute("flashKey", "interaction.logged");
            return "redirect:/customers/" + interaction.customerId() + "?tab=timeline";
        } catch (ValidationException e) {
            return form(model, form, null, formErrors.of(e.problems()), htmx.isHtmxRequest());
        }
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.READ)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        var interaction = management.get(id);
        model.addAttribute("i", interaction);
        model.addAttribute("heading", title(interaction));
        model.addAttribute(
                "customerName",
                customers.names(List.of(interaction.customerId())).get(interaction.customerId()));
        model.addAttribute(
                "subjectTitle",
                subjects.find(interaction.subject()).map(v -> v.title()).orElse(""));
        var people = new java.util.ArrayList<UUID>(interaction.participantUsers());
        people.add(interaction.ownerId());
        if (interaction.createdBy() != null) {
            people.add(interaction.createdBy());
        }
        model.addAttribute("usersById", users.users(people));
        model.addAttribute("contactNames", customers.contacts(interaction.customerId()));
        model.addAttribute("canEdit", management.allows(interaction, Operation.EDIT));
        model.addAttribute("canDelete", management.allows(interaction, Operation.DELETE));
        model.addAttribute("section", "customers");
        return "interactions/show";
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EDIT)
    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        var interaction = management.get(id);
        if (!management.allows(interaction, Operation.EDIT)) {
            throw new org.springframework.security.access.AccessDeniedException("interaction");
        }
        return form(model, InteractionForm.of(interaction, formats.zone()), interaction, Map.of(), false);
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.EDIT)
    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id,
            InteractionForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        var current = management.get(id);
        if (binding.hasErrors()) {
            return form(model, form, current, formErrors.of(formErrors.binding(binding)), false);
        }
        try {
            management.revise(id, form.version() == null ? -1 : form.version(), form.draft(formats.zone()));
            redirect.addFlashAttribute("flashKey", "interaction.saved");
            return "redirect:/interactions/" + id;
        } catch (ValidationException e) {
            return form(model, form, current, formErrors.of(e.problems()), false);
        } catch (StaleVersionException e) {
            model.addAttribute("error", messages.getMessage("form.stale", null, LocaleContextHolder.getLocale()));
            return form(model, form, current, Map.of(), false);
        }
    }

    @Permission(area = Access.Area.INTERACTIONS, operation = Operation.DELETE)
    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam Integer version, RedirectAttributes redirect) {
        var deleted = management.delete(id, version);
        redirect.addFlashAttribute("flashKey", "interaction.deleted");
        return "redirect:/customers/" + deleted.customerId() + "?tab=timeline";
    }

    private String form(
            Model model,
            InteractionForm form,
            Interaction editing,
            Map<String, List<String>> errors,
            boolean fragment) {
        var subject = parse(form.subject());
        var view = subjects.require(subject);
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        model.addAttribute("subjectTitle", view.title());
        model.addAttribute("customerId", view.customerId());
        model.addAttribute("contacts", customers.contacts(view.customerId()));
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("directions", Direction.values());
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("section", "customers");
        return fragment ? "interactions/form :: form" : "interactions/form";
    }

    private static Subject parse(String subject) {
        var parsed = Subject.parse(subject);
        if (!parsed.type().equals("customer") && !parsed.type().equals("contact")) {
            throw new InvalidValueException("subject.invalid", "Not a customer or contact: " + subject);
        }
        return parsed;
    }

    private String title(Interaction i) {
        return timeline.title(
                i.channel().name(), i.direction().name(), i.outcome().name());
    }
}
