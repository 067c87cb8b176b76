package dev.dossier.customers;

import dev.dossier.customers.CustomerForms.ContactForm;
import dev.dossier.customers.CustomerForms.CustomerForm;
import dev.dossier.identity.Access;
import dev.dossier.identity.CurrentUser;
import dev.dossier.identity.FieldGroup;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.identity.UserDirectory;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The customer pages: list and quick search, the dossier with its tabs, forms, trash. */
@Controller
@RequestMapping("/customers")
class CustomerController {

    /** Columns a user can choose for the list, in display order. */
    static final List<String> COLUMNS = List.of(
            "type",
            "grade",
            "lifecycleStage",
            "phone",
            "email",
            "industry",
            "region",
            "location",
            "owner",
            "team",
            "tags",
            "updatedAt",
            "createdAt");

    static final List<String> DEFAULT_COLUMNS =
            List.of("type", "grade", "lifecycleStage", "phone", "region", "owner", "tags", "updatedAt");
    private static final String COLUMNS_COOKIE = "dossier-columns";
    private static final int PAGE_SIZE = 50;

    private final CustomerManagement management;
    private final CustomerQueries queries;
    private final UserDirectory directory;
    private final FormErrors formErrors;
    private final Access access;
    private final FieldSecurity fields;
    private final HistoryPresenter historyPresenter;
    private final CustomerValidator validator;
    private final CustomerTimeline timeline;
    private final dev.dossier.shared.Formats formats;
    private final CustomerDuplicates duplicateCheck;

    CustomerController(
            CustomerManagement management,
            CustomerQueries queries,
            UserDirectory directory,
            FormErrors formErrors,
            Access access,
            HistoryPresenter historyPresenter,
            CustomerValidator validator,
            FieldSecurity fields,
            CustomerTimeline timeline,
            dev.dossier.shared.Formats formats,
            CustomerDuplicates duplicateCheck) {
        this.duplicateCheck = duplicateCheck;
        this.fields = fields;
        this.timeline = timeline;
        this.formats = formats;
        this.historyPresenter = historyPresenter;
        this.validator = validator;
        this.management = management;
        this.queries = queries;
        this.directory = directory;
        this.formErrors = formErrors;
        this.access = access;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping
    String list(
            @ModelAttribute("filter") CustomerFilter filter,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) List<String> cols,
            @RequestParam(required = false) String fragment,
            @CookieValue(name = COLUMNS_COOKIE, required = false) String savedColumns,
            HtmxRequest htmx,
            Model model,
            HttpServletResponse response) {
        var columns = columns(cols, savedColumns, response);
        var parsedSort = CustomerQueries.Sort.parse(sort, filter.q());
        var slice = queries.list(filter, false, parsedSort, cursor, PAGE_SIZE);
        model.addAttribute("sort", parsedSort.param);
        model.addAttribute("slice", slice);
        model.addAttribute("columns", columns);
        model.addAttribute("allColumns", COLUMNS);
        model.addAttribute("cursor", cursor);
        lookups(model);
        model.addAttribute("section", "customers");
        boolean rowsOnly = htmx.isHtmxRequest() && "rows".equals(fragment);
        model.addAttribute("rowsOnly", rowsOnly);
        if (rowsOnly) {
            return "customers/list :: rows";
        }
        if (htmx.isHtmxRequest() && "results".equals(htmx.getTarget())) {
            return "customers/list :: results";
        }
        return "customers/list";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/count")
    String count(
            @ModelAttribute CustomerFilter filter, @RequestParam(defaultValue = "false") boolean trash, Model model) {
        model.addAttribute("count", queries.count(filter, trash));
        return "customers/list :: count";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/trash")
    String trash(@RequestParam(required = false) String cursor, Model model) {
        model.addAttribute(
                "slice", queries.list(CustomerFilter.all(), true, CustomerQueries.Sort.UPDATED, cursor, PAGE_SIZE));
        model.addAttribute("canPurge", access.allows(Access.Area.CUSTOMERS, Access.Operation.PURGE));
        lookups(model);
        model.addAttribute("section", "trash");
        return "customers/trash";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.CREATE)
    @GetMapping("/new")
    String newCustomer(@RequestParam(defaultValue = "COMPANY") CustomerType type, Model model) {
        var me = CurrentUser.get();
        return form(model, CustomerForm.blank(type, me.id()), null, Map.of());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.CREATE)
    @PostMapping
    String create(
            @ModelAttribute("form") CustomerForm form,
            BindingResult binding,
            @RequestParam(required = false) String addRow,
            @RequestParam(defaultValue = "false") boolean confirmDuplicates,
            Model model,
            RedirectAttributes redirect) {
        requireType(form);
        if (addRow != null || binding.hasErrors()) {
            model.addAttribute("addRow", addRow);
            return form(
                    model,
                    form,
                    null,
                    addRow != null
                            ? Map.of()
                            : formErrors.of(allProblems(binding, () -> validator.validate(form.toDraft()))));
        }
        try {
            var customer = management.register(form.toDraft(), confirmDuplicates);
            redirect.addFlashAttribute("flashKey", "customer.created");
            return "redirect:/customers/" + customer.id();
        } catch (ValidationException e) {
            return form(model, form, null, formErrors.of(e.problems()));
        } catch (dev.dossier.shared.PossibleDuplicatesException e) {
            // Saved only once the user confirms that it is another customer.
            model.addAttribute("duplicates", e.candidates());
            model.addAttribute("confirmNeeded", true);
            return form(model, form, null, Map.of());
        }
    }

    /**
     * The new-customer form asks here as the user types: the customers they can see that may be the same one. An
     * unfinished form is no error; what is not valid yet is left out.
     */
    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.CREATE)
    @PostMapping("/duplicates")
    String duplicates(
            @ModelAttribute("form") CustomerForm form,
            BindingResult binding,
            @RequestParam(defaultValue = "false") boolean duplicatesShown,
            @RequestParam(defaultValue = "false") boolean confirmDuplicates,
            Model model) {
        model.addAttribute("duplicates", form.type() == null ? List.of() : duplicateCheck.of(form.toDraft()));
        // Once saving was refused, the choice to save anyway stays on the form as the user goes on typing.
        model.addAttribute("confirmNeeded", duplicatesShown);
        model.addAttribute("confirmDuplicates", confirmDuplicates);
        return "customers/duplicates :: panel";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/{id}")
    String show(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "overview") String tab,
            HtmxRequest htmx,
            TimelineFilter filter,
            Model model) {
        model.addAttribute("filter", filter);
        return show(id, tab, htmx, Set.of(), model);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @PostMapping("/{id}/reveal")
    String reveal(@PathVariable UUID id, @RequestParam FieldGroup group, Model model) {
        management.get(id);
        return show(id, "overview", HtmxRequest.empty(), fields.reveal(id, Set.of(group)), model);
    }

    private String show(UUID id, String tab, HtmxRequest htmx, Set<FieldGroup> revealed, Model model) {
        var customer = management.open(id, Set.of()).customer();
        model.addAttribute("revealed", revealed);
        var owned = CustomerManagement.owned(customer);
        model.addAttribute("canEdit", access.allows(Access.Area.CUSTOMERS, Access.Operation.EDIT, owned));
        model.addAttribute("canDelete", access.allows(Access.Area.CUSTOMERS, Access.Operation.DELETE, owned));
        var activeTab = List.of("overview", "timeline", "contacts", "history", "sharing", "cases")
                        .contains(tab)
                ? tab
                : "overview";
        model.addAttribute("customer", customer);
        model.addAttribute("d", customer.details());
        model.addAttribute("tab", activeTab);
        model.addAttribute("contacts", management.contacts(id));
        if (activeTab.equals("sharing")) {
            model.addAttribute("shares", management.shares(id));
            model.addAttribute(
                    "canShare",
                    !customer.inTrash()
                            && access.allows(
                                    Access.Area.CUSTOMERS, Access.Operation.EDIT, CustomerManagement.owned(customer)));
        }
        if (activeTab.equals("timeline") && !customer.inTrash()) {
            var filter = model.getAttribute("filter") instanceof TimelineFilter f
                    ? f
                    : new TimelineFilter(null, null, null, null, null);
            model.addAllAttributes(timeline.model(id, filter, formats.zone(), 20));
            model.addAttribute("timelineKinds", timeline.kinds());
            model.addAttribute("timelineActions", timeline.actions(id));
            model.addAttribute("timelineAuthors", directory.activeUsers());
        }
        if (activeTab.equals("history")) {
            model.addAttribute("history", historyPresenter.present(management.history(id, 200)));
        }
        if (activeTab.equals("overview")) {
            model.addAttribute("stages", management.stages(id));
        }
        lookups(model);
        model.addAttribute("section", customer.inTrash() ? "trash" : "customers");
        if (htmx.isHtmxRequest()) {
            return activeTab.equals("timeline")
                    ? "customers/timeline :: tab-timeline"
                    : "customers/show :: tab-" + activeTab;
        }
        return "customers/show";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        var customer = management.get(id);
        return form(model, CustomerForm.of(customer), customer, Map.of());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id,
            @ModelAttribute("form") CustomerForm form,
            BindingResult binding,
            @RequestParam(required = false) String addRow,
            Model model,
            RedirectAttributes redirect) {
        var current = management.get(id);
        requireType(form);
        if (addRow != null || binding.hasErrors()) {
            model.addAttribute("addRow", addRow);
            return form(
                    model,
                    form,
                    current,
                    addRow != null
                            ? Map.of()
                            : formErrors.of(allProblems(binding, () -> validator.validate(form.toDraft()))));
        }
        try {
            management.revise(id, form.version() == null ? -1 : form.version(), form.toDraft());
            redirect.addFlashAttribute("flashKey", "customer.saved");
            return "redirect:/customers/" + id;
        } catch (ValidationException e) {
            return form(model, form, current, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return form(model, form, current, Map.of());
        }
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.DELETE)
    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam int version, RedirectAttributes redirect) {
        try {
            management.trash(id, version);
            redirect.addFlashAttribute("flashKey", "customer.trashed");
            return "redirect:/customers";
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("flashKey", "form.stale");
            return "redirect:/customers/" + id;
        }
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.DELETE)
    @PostMapping("/{id}/restore")
    String restore(@PathVariable UUID id, @RequestParam int version, RedirectAttributes redirect) {
        management.restore(id, version);
        redirect.addFlashAttribute("flashKey", "customer.restored");
        return "redirect:/customers/" + id;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.PURGE)
    @PostMapping("/{id}/purge")
    String purge(@PathVariable UUID id, RedirectAttributes redirect) {
        management.purge(id);
        redirect.addFlashAttribute("flashKey", "customer.purged");
        return "redirect:/customers/trash";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @GetMapping("/{id}/contacts/new")
    String newContact(@PathVariable UUID id, Model model) {
        return contactForm(model, management.get(id), null, ContactForm.blank(), Map.of());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/contacts")
    String addContact(
            @PathVariable UUID id,
            @ModelAttribute("form") ContactForm form,
            BindingResult binding,
            @RequestParam(required = false) String addRow,
            Model model,
            RedirectAttributes redirect) {
        var customer = management.get(id);
        if (addRow != null || binding.hasErrors()) {
            model.addAttribute("addRow", addRow);
            return contactForm(
                    model,
                    customer,
                    null,
                    form,
                    addRow != null
                            ? Map.of()
                            : formErrors.of(allProblems(binding, () -> validator.validate(form.toDraft()))));
        }
        try {
            management.addContact(id, form.toDraft());
            redirect.addFlashAttribute("flashKey", "contact.created");
            return "redirect:/customers/" + id + "?tab=contacts";
        } catch (ValidationException e) {
            return contactForm(model, customer, null, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @GetMapping("/{id}/contacts/{contactId}/edit")
    String editContact(@PathVariable UUID id, @PathVariable UUID contactId, Model model) {
        var contact = management.contact(id, contactId);
        return contactForm(model, management.get(id), contact, ContactForm.of(contact), Map.of());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/contacts/{contactId}")
    String updateContact(
            @PathVariable UUID id,
            @PathVariable UUID contactId,
            @ModelAttribute("form") ContactForm form,
            BindingResult binding,
            @RequestParam(required = false) String addRow,
            Model model,
            RedirectAttributes redirect) {
        var customer = management.get(id);
        var contact = management.contact(id, contactId);
        if (addRow != null || binding.hasErrors()) {
            model.addAttribute("addRow", addRow);
            return contactForm(
                    model,
                    customer,
                    contact,
                    form,
                    addRow != null
                            ? Map.of()
                            : formErrors.of(allProblems(binding, () -> validator.validate(form.toDraft()))));
        }
        try {
            management.reviseContact(id, contactId, form.version() == null ? -1 : form.version(), form.toDraft());
            redirect.addFlashAttribute("flashKey", "contact.saved");
            return "redirect:/customers/" + id + "?tab=contacts";
        } catch (ValidationException e) {
            return contactForm(model, customer, contact, form, formErrors.of(e.problems()));
        } catch (StaleVersionException e) {
            model.addAttribute("stale", true);
            return contactForm(model, customer, contact, form, Map.of());
        }
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/contacts/{contactId}/delete")
    String deleteContact(
            @PathVariable UUID id,
            @PathVariable UUID contactId,
            @RequestParam int version,
            RedirectAttributes redirect) {
        try {
            management.removeContact(id, contactId, version);
            redirect.addFlashAttribute("flashKey", "contact.deleted");
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("flashKey", "form.stale");
        }
        return "redirect:/customers/" + id + "?tab=contacts";
    }

    /** One more empty phone, email or social row for a form (htmx), with the button for the row after it. */
    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/shares")
    String share(
            @PathVariable UUID id,
            @RequestParam(required = false) String with,
            @RequestParam(defaultValue = "false") boolean canEdit,
            RedirectAttributes redirect) {
        UUID userId = null;
        UUID teamId = null;
        try {
            if (with != null && with.startsWith("user:")) {
                userId = UUID.fromString(with.substring(5));
            } else if (with != null && with.startsWith("team:")) {
                teamId = UUID.fromString(with.substring(5));
            }
            management.share(id, userId, teamId, canEdit);
            redirect.addFlashAttribute("flashKey", "access.share.saved");
        } catch (IllegalArgumentException | dev.dossier.shared.ValidationException e) {
            redirect.addFlashAttribute("flashKey", "access.share.one-of");
        }
        return "redirect:/customers/" + id + "?tab=sharing";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/shares/{shareId}/delete")
    String unshare(@PathVariable UUID id, @PathVariable UUID shareId, RedirectAttributes redirect) {
        management.unshare(id, shareId);
        redirect.addFlashAttribute("flashKey", "access.share.removed");
        return "redirect:/customers/" + id + "?tab=sharing";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/form-row")
    String formRow(@RequestParam String kind, @RequestParam int index, Model model) {
        if (!List.of("phone", "email", "social").contains(kind) || index < 0 || index >= CustomerValidator.MAX_POINTS) {
            throw new dev.dossier.shared.NotFoundException("Row");
        }
        model.addAttribute("kind", kind);
        model.addAttribute("index", index);
        model.addAttribute("errors", Map.of());
        lookups(model);
        return "customers/fields :: new-row";
    }

    /** The form always carries the customer's type; one without it did not come from the page. */
    private static void requireType(CustomerForm form) {
        if (form.type() == null) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.BAD_REQUEST, "type");
        }
    }

    private String form(Model model, CustomerForm form, Customer customer, Map<String, ?> errors) {
        model.addAttribute("form", form.withBlankRows((String) model.getAttribute("addRow")));
        model.addAttribute("customer", customer);
        model.addAttribute("errors", errors);
        lookups(model);
        model.addAttribute("section", "customers");
        return "customers/form";
    }

    private String contactForm(
            Model model, Customer customer, Contact contact, ContactForm form, Map<String, ?> errors) {
        model.addAttribute("customer", customer);
        model.addAttribute("contact", contact);
        model.addAttribute("form", form.withBlankRows((String) model.getAttribute("addRow")));
        model.addAttribute("errors", errors);
        lookups(model);
        model.addAttribute("section", "customers");
        return "customers/contact-form";
    }

    private void lookups(Model model) {
        model.addAttribute("users", directory.activeUsers());
        model.addAttribute(
                "usersById",
                directory.users(directory.activeUsers().stream()
                        .map(UserDirectory.UserSummary::id)
                        .toList()));
        model.addAttribute("teams", directory.teams());
        model.addAttribute("teamsById", directory.teamsById());
        var tags = queries.allTags();
        model.addAttribute("tags", tags);
        var colors = new java.util.HashMap<String, String>();
        tags.forEach(t -> colors.put(t.name(), t.color()));
        model.addAttribute("tagColors", colors);
        model.addAttribute("types", CustomerType.values());
        model.addAttribute("grades", Grade.values());
        model.addAttribute("stages", model.getAttribute("stages") != null ? model.getAttribute("stages") : List.of());
        model.addAttribute("lifecycleStages", LifecycleStage.values());
        model.addAttribute("regions", Region.values());
        model.addAttribute("industries", Industry.values());
        model.addAttribute("sources", SourceChannel.values());
        model.addAttribute("languages", dev.dossier.shared.Languages.SUPPORTED);
        model.addAttribute("sizes", CompanySize.values());
        model.addAttribute("genders", Gender.values());
        model.addAttribute("idDocumentTypes", IdDocumentType.values());
        model.addAttribute("phoneTypes", PhoneType.values());
        model.addAttribute("emailTypes", EmailType.values());
        model.addAttribute("socialTypes", SocialType.values());
        model.addAttribute("decisionRoles", DecisionRole.values());
        model.addAttribute("access", access);
    }

    private static List<String> columns(List<String> requested, String saved, HttpServletResponse response) {
        if (requested != null && !requested.isEmpty()) {
            var chosen = requested.stream().filter(COLUMNS::contains).distinct().toList();
            var cookie = new Cookie(COLUMNS_COOKIE, String.join(".", chosen));
            cookie.setPath("/");
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setHttpOnly(true);
            response.addCookie(cookie);
            return chosen;
        }
        if (saved != null && !saved.isBlank()) {
            var chosen = new ArrayList<String>();
            Arrays.stream(saved.split("\\.")).filter(COLUMNS::contains).forEach(chosen::add);
            if (!chosen.isEmpty()) {
                return chosen;
            }
        }
        return DEFAULT_COLUMNS;
    }

    /** Values that could not be converted, and whatever else the rules find wrong, so a form shows all at once. */
    private List<FieldProblem> allProblems(BindingResult binding, Runnable validation) {
        var problems = new ArrayList<>(formErrors.binding(binding));
        try {
            validation.run();
        } catch (ValidationException e) {
            e.problems().stream()
                    .filter(p -> problems.stream().noneMatch(b -> b.field().equals(p.field())))
                    .forEach(problems::add);
        }
        return problems;
    }
}
