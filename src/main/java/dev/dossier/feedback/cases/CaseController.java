package dev.dossier.feedback.cases;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.feedback.CaseChannel;
import dev.dossier.feedback.CaseKind;
import dev.dossier.feedback.CaseMessageKind;
import dev.dossier.feedback.CasePriority;
import dev.dossier.feedback.CaseStatus;
import dev.dossier.feedback.cases.CaseManagement.NewCase;
import dev.dossier.feedback.cases.CaseManagement.Triage;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.products.ProductCatalogue;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.InvalidValueException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.TableFile;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The case pages: the queues, a case with its workflow, conversation and history, and staff intake. */
@Controller
@RequestMapping("/cases")
class CaseController {

    /**
     * The intake form.
     *
     * @param customerId the customer
     * @param contactId the contact who reported it
     * @param title title
     * @param description description
     * @param kind kind
     * @param priority priority
     * @param category category
     * @param tags comma-separated tags
     * @param productId product
     * @param productVersionId product version
     * @param orderRef order reference
     * @param channel channel
     */
    record CaseForm(
            UUID customerId,
            UUID contactId,
            String title,
            String description,
            String kind,
            String priority,
            String category,
            String tags,
            UUID productId,
            UUID productVersionId,
            String orderRef,
            String channel) {

        NewCase draft() {
            return new NewCase(
                    customerId,
                    contactId,
                    title,
                    description,
                    kind,
                    priority,
                    category,
                    tags == null ? null : List.of(tags),
                    productId,
                    productVersionId,
                    orderRef,
                    channel,
                    null,
                    null,
                    null);
        }
    }

    /**
     * A move on the case page.
     *
     * @param action triage, start, wait, resolve, close or reopen
     * @param version the version shown
     * @param comment why; the resolution when resolving; the reason when reopening
     * @param kind triage: kind
     * @param priority triage: priority
     * @param category triage: category
     * @param tags triage: comma-separated tags
     */
    record MoveForm(
            String action,
            Integer version,
            String comment,
            String kind,
            String priority,
            String category,
            String tags) {}

    private final CaseManagement management;
    private final CaseQueries queries;
    private final CaseRepository cases;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final ProductCatalogue products;
    private final FormErrors formErrors;
    private final Access access;
    private final MessageSource messages;
    private final CaseExport export;
    private final dev.dossier.shared.ExportJobs jobs;

    CaseController(
            CaseManagement management,
            CaseQueries queries,
            CaseRepository cases,
            CustomerDirectory customers,
            UserDirectory users,
            ProductCatalogue products,
            FormErrors formErrors,
            Access access,
            MessageSource messages,
            CaseExport export,
            dev.dossier.shared.ExportJobs jobs) {
        this.export = export;
        this.jobs = jobs;
        this.management = management;
        this.queries = queries;
        this.cases = cases;
        this.customers = customers;
        this.users = users;
        this.products = products;
        this.formErrors = formErrors;
        this.access = access;
        this.messages = messages;
    }

    // ------------------------------------------------------------------ queues

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EXPORT)
    @GetMapping("/export")
    void export(
            @ModelAttribute("queueParams") CaseQueries.Params params,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        export(export, params.filter(), format, response);
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EXPORT)
    @PostMapping("/export")
    String exportInBackground(
            @ModelAttribute("queueParams") CaseQueries.Params params,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        inBackground(export, jobs, params.filter(), format);
        redirect.addFlashAttribute("flashKey", "export.started");
        return "redirect:/exports";
    }

    /** Starts writing the file in the background; answers the export's id. */
    static UUID inBackground(
            CaseExport export, dev.dossier.shared.ExportJobs jobs, CaseQueries.Filter filter, TableFile.Format format) {
        export.requireRight();
        var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        return jobs.start(
                "cases",
                "cases." + format.extension,
                format.contentType,
                CaseExport.describe(filter),
                out -> export.write(filter, format, out, locale));
    }

    /** Writes the file as a download (the page's and the API's export). */
    static void export(
            CaseExport export,
            CaseQueries.Filter filter,
            TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        export.requireRight();
        TableFile.download(response, format.contentType, "cases." + format.extension);
        export.write(
                filter,
                format,
                response.getOutputStream(),
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping
    String list(
            @ModelAttribute("queueParams") CaseQueries.Params params,
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
        model.addAttribute("cases", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        names(model, page.items());
        model.addAttribute("counts", queries.counts());
        model.addAttribute("countCap", CaseQueries.COUNT_CAP);
        model.addAttribute("queues", CaseQueries.Queue.values());
        model.addAttribute("sorts", CaseQueries.Sort.values());
        choices(model);
        model.addAttribute("section", "cases");
        return htmx.isHtmxRequest() && cursor != null ? "cases/list :: rows" : "cases/list";
    }

    /** The customer's cases, for the dossier's tab (loaded into it by htmx). */
    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/of-customer/{customerId}")
    String ofCustomer(
            @PathVariable UUID customerId,
            @RequestParam(required = false) String cursor,
            HtmxRequest htmx,
            Model model) {
        var name = customers.requireReach(customerId);
        var page = queries.ofCustomer(customerId, cursor, 20);
        model.addAttribute("customerId", customerId);
        model.addAttribute("customerName", name);
        model.addAttribute("cases", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("canCreate", access.allows(Area.CASES, Operation.CREATE));
        names(model, page.items());
        model.addAttribute("section", "customers");
        return htmx.isHtmxRequest() ? "cases/customer :: cases" : "cases/customer";
    }

    // ------------------------------------------------------------------ intake

    @Permission(area = Access.Area.CASES, operation = Access.Operation.CREATE)
    @GetMapping("/new")
    String newCase(
            @RequestParam(required = false) UUID customer, HtmxRequest htmx, Model model, RedirectAttributes redirect) {
        if (customer == null) {
            // Feedback is logged on a customer: pick one first, then "Log feedback" on its page.
            redirect.addFlashAttribute("flashKey", "cases.choose-customer");
            return "redirect:/customers";
        }
        customers.requireReach(customer);
        model.addAttribute("fragment", htmx.isHtmxRequest());
        return form(
                model,
                new CaseForm(
                        customer,
                        null,
                        "",
                        "",
                        null,
                        CasePriority.NORMAL.name(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        CaseChannel.PHONE.name()),
                Map.of());
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.CREATE)
    @PostMapping
    String create(CaseForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (form.customerId() != null) {
            customers.requireReach(form.customerId());
        }
        if (binding.hasErrors()) {
            return form(model, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            var id = management.open(form.draft(), CurrentUser.actor());
            redirect.addFlashAttribute("flashKey", "cases.flash.opened");
            return "redirect:/cases/" + id;
        } catch (ValidationException e) {
            return form(model, form, formErrors.of(e.problems()));
        }
    }

    // ------------------------------------------------------------------ one case

    @Permission(area = Access.Area.CASES, operation = Access.Operation.READ)
    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        return showPage(management.get(id), model, Map.of());
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/move")
    String move(@PathVariable UUID id, MoveForm form, Model model, RedirectAttributes redirect) {
        var actor = CurrentUser.actor();
        var action = form.action() == null ? "" : form.action();
        return step(id, model, redirect, "cases.flash.moved", () -> switch (action) {
            case "triage" ->
                management.triage(
                        id,
                        new Triage(
                                form.kind(),
                                form.priority(),
                                form.category(),
                                form.tags() == null ? null : List.of(form.tags())),
                        actor,
                        form.version());
            case "start" -> management.start(id, actor, form.version());
            case "wait" -> management.waitOnCustomer(id, form.comment(), actor, form.version());
            case "resolve" -> management.resolve(id, form.comment(), actor, form.version());
            case "close" -> management.close(id, form.comment(), actor, form.version());
            case "reopen" -> management.reopen(id, form.comment(), actor);
            default -> throw new ValidationException(List.of(new FieldProblem("action", "cases.field.unknown-option")));
        });
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/assignment")
    String assign(
            @PathVariable UUID id,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) Boolean shareCustomer,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return step(id, model, redirect, "cases.flash.assigned", () -> {
            var target = Assignee.parse(assignee);
            return management.assign(
                    id,
                    target.userId(),
                    target.teamId(),
                    Boolean.TRUE.equals(shareCustomer),
                    CurrentUser.actor(),
                    version);
        });
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/priority")
    String priority(
            @PathVariable UUID id,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) Integer version,
            Model model,
            RedirectAttributes redirect) {
        return step(
                id,
                model,
                redirect,
                "cases.flash.saved",
                () -> management.changePriority(id, priority, CurrentUser.actor(), version));
    }

    @Permission(area = Access.Area.CASES, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/messages")
    String message(
            @PathVariable UUID id,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String body,
            Model model,
            RedirectAttributes redirect) {
        return step(id, model, redirect, "INTERNAL".equals(kind) ? "cases.flash.noted" : "cases.flash.replied", () -> {
            if ("INTERNAL".equals(kind)) {
                management.addInternalNote(id, body, CurrentUser.actor());
            } else {
                management.reply(id, body, CurrentUser.actor());
            }
            return null;
        });
    }

    /**
     * A choice of the assignment select: {@code user:<id>} or {@code team:<id>}.
     *
     * @param userId the person
     * @param teamId the team
     */
    record Assignee(UUID userId, UUID teamId) {

        static Assignee parse(String value) {
            var text = value == null ? "" : value.strip();
            try {
                if (text.startsWith("user:")) {
                    return new Assignee(UUID.fromString(text.substring(5)), null);
                }
                if (text.startsWith("team:")) {
                    return new Assignee(null, UUID.fromString(text.substring(5)));
                }
            } catch (IllegalArgumentException e) {
                throw new ValidationException(List.of(new FieldProblem("assigneeId", "cases.field.assignee-unknown")));
            }
            throw new ValidationException(List.of(new FieldProblem("assigneeId", "cases.field.assignment-required")));
        }
    }

    /** A malformed queue, sort, status or cursor in the address is a bad request, shown as the error page. */
    @ExceptionHandler(InvalidValueException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalid(Model model) {
        model.addAttribute("status", 400);
        return "error";
    }

    private String step(
            UUID id, Model model, RedirectAttributes redirect, String flash, Supplier<FeedbackCase> action) {
        try {
            action.get();
        } catch (ValidationException e) {
            return showPage(management.get(id), model, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return showPage(
                    management.get(id), model, formErrors.of(List.of(new FieldProblem("version", "cases.stale"))));
        } catch (InvalidTransitionException e) {
            var locale = LocaleContextHolder.getLocale();
            var text = messages.getMessage(
                    e.reason(),
                    new Object[] {
                        messages.getMessage("cases.status." + e.from(), null, locale),
                        e.to() == null ? "" : messages.getMessage("cases.status." + e.to(), null, locale)
                    },
                    locale);
            return showPage(management.get(id), model, Map.of("status", List.of(text)));
        }
        redirect.addFlashAttribute("flashKey", flash);
        return "redirect:/cases/" + id;
    }

    private String showPage(FeedbackCase c, Model model, Map<String, List<String>> errors) {
        model.addAttribute("c", c);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "customerName", customers.names(List.of(c.customerId())).get(c.customerId()));
        model.addAttribute(
                "contactName",
                c.contactId() == null
                        ? null
                        : customers.contacts(c.customerId()).get(c.contactId()));
        model.addAttribute(
                "productName",
                c.productId() == null
                        ? null
                        : products.names(List.of(c.productId())).get(c.productId()));
        model.addAttribute(
                "versionLabel",
                c.productVersionId() == null
                        ? null
                        : products.versionLabels(List.of(c.productVersionId())).get(c.productVersionId()));
        var history = cases.transitions(c.id());
        var conversation = cases.messages(c.id());
        model.addAttribute("history", history);
        model.addAttribute(
                "replies",
                conversation.stream()
                        .filter(m -> m.kind() != CaseMessageKind.INTERNAL)
                        .toList());
        model.addAttribute(
                "notes",
                conversation.stream()
                        .filter(m -> m.kind() == CaseMessageKind.INTERNAL)
                        .toList());
        var people = Stream.concat(
                Stream.of(c.assigneeId(), c.createdBy()),
                Stream.concat(
                        history.stream().map(CaseRepository.Transition::actorId),
                        conversation.stream().map(CaseRepository.Message::authorId)));
        model.addAttribute(
                "usersById",
                users.users(people.filter(Objects::nonNull).distinct().toList()));
        model.addAttribute("teamsById", users.teamsById());
        model.addAttribute("moves", c.allowedMoves());
        model.addAttribute("canEdit", access.allows(Area.CASES, Operation.EDIT));
        model.addAttribute(
                "assignee",
                c.assigneeId() != null ? "user:" + c.assigneeId() : c.teamId() != null ? "team:" + c.teamId() : "");
        choices(model);
        model.addAttribute("section", "cases");
        return "cases/show";
    }

    private String form(Model model, CaseForm form, Map<String, List<String>> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "customerName", form.customerId() == null ? null : customers.requireReach(form.customerId()));
        model.addAttribute("contacts", form.customerId() == null ? Map.of() : customers.contacts(form.customerId()));
        choices(model);
        model.addAttribute("section", "cases");
        return Boolean.TRUE.equals(model.getAttribute("fragment")) ? "cases/form :: form" : "cases/form";
    }

    private void choices(Model model) {
        model.addAttribute("kinds", CaseKind.values());
        model.addAttribute("priorities", CasePriority.values());
        model.addAttribute("channels", CaseChannel.values());
        model.addAttribute("statuses", CaseStatus.values());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("teams", users.teams());
        model.addAttribute("products", products.options());
        model.addAttribute("canCreate", access.allows(Area.CASES, Operation.CREATE));
    }

    private void names(Model model, List<FeedbackCase> list) {
        model.addAttribute(
                "customerNames",
                customers.names(
                        list.stream().map(FeedbackCase::customerId).distinct().toList()));
        model.addAttribute(
                "usersById",
                users.users(list.stream()
                        .map(FeedbackCase::assigneeId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()));
        model.addAttribute("teamsById", users.teamsById());
    }
}
