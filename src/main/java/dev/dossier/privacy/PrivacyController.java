package dev.dossier.privacy;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.privacy.ConsentLedger.ConsentDraft;
import dev.dossier.privacy.RetentionRules.RuleDraft;
import dev.dossier.privacy.SubjectRequests.Action;
import dev.dossier.privacy.SubjectRequests.Move;
import dev.dossier.privacy.SubjectRequests.RequestDraft;
import dev.dossier.shared.ConsentRequiredException;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.ObjectMapper;

/** The privacy pages: requests and their workflow, retention rules and runs, and a customer's consents. */
@Controller
@RequestMapping("/privacy")
class PrivacyController {

    /**
     * The new-request form.
     *
     * @param customerId whose data
     * @param kind what is asked
     * @param channel how it came in
     * @param receivedOn the day it came in
     * @param requesterName who asked
     * @param requesterContact how to answer
     * @param description what they asked
     * @param destination where an export goes
     * @param assigneeId who handles it
     */
    record RequestForm(
            UUID customerId,
            String kind,
            String channel,
            LocalDate receivedOn,
            String requesterName,
            String requesterContact,
            String description,
            String destination,
            UUID assigneeId) {}

    /**
     * A workflow step from the request page.
     *
     * @param action VERIFY, START, COMPLETE or REJECT
     * @param version version shown
     * @param method how identity was verified
     * @param reason why rejected
     * @param correction what was corrected
     */
    record MoveForm(String action, Integer version, String method, String reason, String correction) {}

    /**
     * The consent form.
     *
     * @param purpose purpose
     * @param scope scope
     * @param channel channel
     * @param givenOn the day it was given
     * @param evidence evidence and remarks
     */
    record ConsentForm(String purpose, String scope, String channel, LocalDate givenOn, String evidence) {}

    /**
     * The retention rule form.
     *
     * @param version version shown (changes)
     * @param name name
     * @param stages lifecycle stages
     * @param inactiveMonths months since the last update
     * @param action ANONYMISE or TRASH
     * @param enabled runs on the schedule
     */
    record RuleForm(
            Integer version,
            String name,
            List<String> stages,
            Integer inactiveMonths,
            String action,
            Boolean enabled) {}

    private final SubjectRequests requests;
    private final ConsentLedger consents;
    private final DataSubjectExport export;
    private final RetentionRules retention;
    private final CustomerDirectory customers;
    private final UserDirectory users;
    private final FormErrors formErrors;
    private final MessageSource messages;
    private final Access access;
    private final ObjectMapper json;
    private final Clock clock;
    private final ZoneId zone;

    PrivacyController(
            SubjectRequests requests,
            ConsentLedger consents,
            DataSubjectExport export,
            RetentionRules retention,
            CustomerDirectory customers,
            UserDirectory users,
            FormErrors formErrors,
            MessageSource messages,
            Access access,
            ObjectMapper json,
            Clock clock,
            @Value("${dossier.time-zone:Asia/Shanghai}") String zone) {
        this.requests = requests;
        this.consents = consents;
        this.export = export;
        this.retention = retention;
        this.customers = customers;
        this.users = users;
        this.formErrors = formErrors;
        this.messages = messages;
        this.access = access;
        this.json = json;
        this.clock = clock;
        this.zone = ZoneId.of(zone);
    }

    // ------------------------------------------------------------------ requests

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping
    String requests(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "false") boolean overdue,
            Model model) {
        var s = parse(RequestStatus.class, status);
        var k = parse(RequestKind.class, kind);
        var list = requests.list(new SubjectRequests.Filter(s, k, overdue), 500);
        model.addAttribute("requests", list);
        model.addAttribute(
                "customerNames",
                customers.names(
                        list.stream().map(SubjectRequests.Request::customerId).toList()));
        model.addAttribute(
                "usersById",
                users.users(list.stream()
                        .map(SubjectRequests.Request::assigneeId)
                        .filter(java.util.Objects::nonNull)
                        .toList()));
        model.addAttribute("status", s);
        model.addAttribute("kind", k);
        model.addAttribute("overdue", overdue);
        model.addAttribute("statuses", RequestStatus.values());
        model.addAttribute("kinds", RequestKind.values());
        model.addAttribute("today", requests.today());
        model.addAttribute("section", "privacy");
        return "privacy/requests";
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/requests/new")
    String newRequest(
            @RequestParam(required = false) UUID customerId, @RequestParam(required = false) String kind, Model model) {
        access.require(Area.PRIVACY, Operation.CREATE);
        var form = new RequestForm(
                customerId,
                kind,
                ConsentChannel.EMAIL.name(),
                localToday(),
                "",
                "",
                "",
                Destination.REQUESTER.name(),
                null);
        return requestForm(model, form, Map.of());
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.CREATE)
    @PostMapping("/requests")
    String open(RequestForm form, BindingResult binding, Model model) {
        if (binding.hasErrors()) {
            return requestForm(model, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            var request = requests.open(new RequestDraft(
                    form.customerId(),
                    form.kind(),
                    form.channel(),
                    at(form.receivedOn()),
                    form.requesterName(),
                    form.requesterContact(),
                    form.description(),
                    form.destination(),
                    form.assigneeId()));
            return "redirect:/privacy/requests/" + request.id();
        } catch (ValidationException e) {
            return requestForm(model, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/requests/{id}")
    String request(@PathVariable UUID id, Model model) {
        return requestPage(id, model, null, Map.of());
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/requests/{id}/steps")
    String move(@PathVariable UUID id, MoveForm form, Model model, RedirectAttributes redirect) {
        var action = parse(Action.class, form.action());
        try {
            requests.move(id, new Move(action, form.version(), form.method(), form.reason(), form.correction()));
            redirect.addFlashAttribute("flashKey", "privacy.request.moved");
            redirect.addFlashAttribute("flashArg", text("enum.RequestStatus." + action.target.name()));
            return "redirect:/privacy/requests/" + id;
        } catch (ValidationException e) {
            return requestPage(id, model, null, formErrors.of(e.problems()));
        } catch (WorkflowException e) {
            return requestPage(id, model, text(e.code(), e.args()), Map.of());
        } catch (StaleVersionException e) {
            return requestPage(id, model, text("form.stale"), Map.of());
        }
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/requests/{id}")
    String update(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) UUID assigneeId,
            @RequestParam(required = false) String notes,
            Model model,
            RedirectAttributes redirect) {
        try {
            requests.update(id, version, assigneeId, notes);
            redirect.addFlashAttribute("flashKey", "privacy.request.saved");
            return "redirect:/privacy/requests/" + id;
        } catch (ValidationException e) {
            return requestPage(id, model, null, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            return requestPage(id, model, text("form.stale"), Map.of());
        }
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EXPORT)
    @GetMapping("/requests/{id}/export")
    Object download(@PathVariable UUID id, Model model) {
        try {
            var document = export.document(id);
            var body = json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(document)
                    .getBytes(StandardCharsets.UTF_8);
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename("data-subject-export-" + id + ".json")
                                    .build()
                                    .toString())
                    .body(body);
        } catch (ConsentRequiredException e) {
            return requestPage(
                    id,
                    model,
                    text("privacy.export.consent-required", text("enum.ConsentPurpose." + e.purpose())),
                    Map.of());
        } catch (WorkflowException e) {
            return requestPage(id, model, text(e.code(), e.args()), Map.of());
        }
    }

    // ------------------------------------------------------------------ retention

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/retention")
    String retention(Model model) {
        return retentionPage(
                model, new RuleForm(null, "", List.of("LEAD"), 24, RetentionAction.ANONYMISE.name(), true), Map.of());
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.PURGE)
    @PostMapping("/retention/rules")
    String define(RuleForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return retentionPage(model, form, formErrors.of(formErrors.binding(binding)));
        }
        try {
            retention.define(new RuleDraft(
                    form.name(),
                    form.stages(),
                    form.inactiveMonths(),
                    form.action(),
                    Boolean.TRUE.equals(form.enabled())));
            redirect.addFlashAttribute("flashKey", "privacy.retention.saved");
            return "redirect:/privacy/retention";
        } catch (ValidationException e) {
            return retentionPage(model, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.PURGE)
    @PostMapping("/retention/rules/{id}")
    String revise(@PathVariable UUID id, RuleForm form, Model model, RedirectAttributes redirect) {
        try {
            retention.revise(
                    id,
                    form.version(),
                    new RuleDraft(
                            form.name(),
                            form.stages(),
                            form.inactiveMonths(),
                            form.action(),
                            Boolean.TRUE.equals(form.enabled())));
            redirect.addFlashAttribute("flashKey", "privacy.retention.saved");
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("flashKey", "form.stale");
        }
        return "redirect:/privacy/retention";
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.PURGE)
    @PostMapping("/retention/rules/{id}/run")
    String runNow(@PathVariable UUID id, RedirectAttributes redirect) {
        var run = retention.runNow(id);
        redirect.addFlashAttribute("flashKey", "privacy.retention.ran");
        redirect.addFlashAttribute("flashArg", run.customers());
        return "redirect:/privacy/retention";
    }

    // ------------------------------------------------------------------ consents

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.READ)
    @GetMapping("/customers/{customerId}/consents")
    String consents(@PathVariable UUID customerId, Model model, HtmxRequest htmx) {
        consentModel(model, customerId, emptyConsent(), Map.of());
        return htmx.isHtmxRequest() ? "privacy/consents :: panel" : "privacy/consents";
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/customers/{customerId}/consents")
    String recordConsent(
            @PathVariable UUID customerId,
            ConsentForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            access.require(Area.PRIVACY, Operation.CREATE);
            consentModel(model, customerId, form, formErrors.of(formErrors.binding(binding)));
            return "privacy/consents";
        }
        try {
            consents.record(
                    customerId,
                    new ConsentDraft(
                            form.purpose(), form.scope(), form.channel(), at(form.givenOn()), form.evidence()));
            redirect.addFlashAttribute("flashKey", "privacy.consent.recorded");
            return "redirect:/privacy/customers/" + customerId + "/consents";
        } catch (ValidationException e) {
            consentModel(model, customerId, form, formErrors.of(e.problems()));
            return "privacy/consents";
        }
    }

    @Permission(area = Access.Area.PRIVACY, operation = Access.Operation.EDIT)
    @PostMapping("/customers/{customerId}/consents/{consentId}/withdrawal")
    String withdraw(
            @PathVariable UUID customerId,
            @PathVariable UUID consentId,
            @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String reason,
            Model model,
            RedirectAttributes redirect) {
        try {
            consents.withdraw(customerId, consentId, version, reason);
            redirect.addFlashAttribute("flashKey", "privacy.consent.withdrawn");
            return "redirect:/privacy/customers/" + customerId + "/consents";
        } catch (ValidationException e) {
            consentModel(model, customerId, emptyConsent(), formErrors.of(e.problems()));
            return "privacy/consents";
        } catch (WorkflowException e) {
            consentModel(model, customerId, emptyConsent(), Map.of());
            model.addAttribute("error", text(e.code(), e.args()));
            return "privacy/consents";
        } catch (StaleVersionException e) {
            consentModel(model, customerId, emptyConsent(), Map.of());
            model.addAttribute("error", text("form.stale"));
            return "privacy/consents";
        }
    }

    // ------------------------------------------------------------------ helpers

    private ConsentForm emptyConsent() {
        return new ConsentForm("", "", ConsentChannel.WEB_FORM.name(), localToday(), "");
    }

    private void consentModel(Model model, UUID customerId, ConsentForm form, Map<String, List<String>> errors) {
        var list = consents.of(customerId);
        var ids = new HashSet<UUID>();
        list.forEach(c -> Stream.of(c.recordedBy(), c.withdrawnBy())
                .filter(java.util.Objects::nonNull)
                .forEach(ids::add));
        model.addAttribute("customerId", customerId);
        model.addAttribute("customerName", customers.names(List.of(customerId)).get(customerId));
        model.addAttribute("consents", list);
        model.addAttribute(
                "inForce", list.stream().filter(ConsentLedger.Consent::inForce).toList());
        model.addAttribute("usersById", users.users(ids));
        model.addAttribute("purposes", ConsentPurpose.values());
        model.addAttribute("channels", ConsentChannel.values());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("canEdit", access.allows(Area.PRIVACY, Operation.CREATE));
        model.addAttribute("section", "privacy");
    }

    private String requestForm(Model model, RequestForm form, Map<String, List<String>> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "customerName",
                form.customerId() == null
                        ? null
                        : customers.names(List.of(form.customerId())).get(form.customerId()));
        model.addAttribute("kinds", RequestKind.values());
        model.addAttribute("channels", ConsentChannel.values());
        model.addAttribute("destinations", Destination.values());
        model.addAttribute("assignees", users.activeUsers());
        model.addAttribute("dueDays", requests.dueDays());
        model.addAttribute("section", "privacy");
        return "privacy/request-form";
    }

    private String requestPage(UUID id, Model model, String error, Map<String, List<String>> errors) {
        var request = requests.get(id);
        var steps = requests.steps(id);
        var ids = new HashSet<UUID>();
        Stream.concat(
                        Stream.of(request.assigneeId(), request.verifiedBy()),
                        steps.stream().map(SubjectRequests.Step::changedBy))
                .filter(java.util.Objects::nonNull)
                .forEach(ids::add);
        model.addAttribute("r", request);
        model.addAttribute("steps", steps);
        model.addAttribute(
                "customerName", customers.names(List.of(request.customerId())).get(request.customerId()));
        model.addAttribute("usersById", users.users(ids));
        model.addAttribute("assignees", users.activeUsers());
        model.addAttribute("today", requests.today());
        model.addAttribute("error", error);
        model.addAttribute("errors", errors);
        model.addAttribute("section", "privacy");
        return "privacy/request";
    }

    private String retentionPage(Model model, RuleForm form, Map<String, List<String>> errors) {
        model.addAttribute("rules", retention.rules());
        model.addAttribute("runs", retention.runs(50));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("stages", CustomerDirectory.stages());
        model.addAttribute("actions", RetentionAction.values());
        model.addAttribute("canDefine", access.allows(Area.PRIVACY, Operation.PURGE));
        model.addAttribute("section", "privacy");
        return "privacy/retention";
    }

    /** A day typed on a form as a moment: now for today, else the start of that day in the organisation's zone. */
    private OffsetDateTime at(LocalDate day) {
        if (day == null || day.equals(localToday())) {
            return null;
        }
        return day.atStartOfDay(zone).toOffsetDateTime();
    }

    private LocalDate localToday() {
        return LocalDate.now(clock.withZone(zone));
    }

    private String text(String code, Object... args) {
        return messages.getMessage(code, args, code, LocaleContextHolder.getLocale());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
