package dev.dossier.feedback.hooks;

import dev.dossier.feedback.hooks.WebhookEndpoints.EndpointDraft;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The webhooks page: endpoints, the delivery log, test events, redelivery, and the inbound systems. */
@Controller
class WebhookAdminController {

    /**
     * The endpoint form.
     *
     * @param name name
     * @param url address
     * @param events event types ticked
     */
    record EndpointForm(String name, String url, List<String> events) {}

    private final WebhookEndpoints endpoints;
    private final FormErrors formErrors;
    private final Access access;

    WebhookAdminController(WebhookEndpoints endpoints, FormErrors formErrors, Access access) {
        this.endpoints = endpoints;
        this.formErrors = formErrors;
        this.access = access;
    }

    @Permission(area = Area.SYSTEM, operation = Operation.READ)
    @GetMapping("/admin/webhooks")
    String page(
            @RequestParam(required = false) UUID endpoint,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor,
            Model model) {
        return page(model, endpoint, status, cursor, new EndpointForm("", "", Webhooks.EVENTS), Map.of());
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks")
    String create(EndpointForm form, Model model, RedirectAttributes redirect) {
        try {
            var made = endpoints.create(new EndpointDraft(form.name(), form.url(), form.events(), true));
            redirect.addFlashAttribute("newSecret", made.secret());
            redirect.addFlashAttribute("flashKey", "webhook.saved");
            return "redirect:/admin/webhooks";
        } catch (ValidationException e) {
            return page(model, null, null, null, form, formErrors.of(e.problems()));
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks/{id}/active")
    String activate(@PathVariable UUID id, @RequestParam boolean active, RedirectAttributes redirect) {
        var current = endpoints.get(id);
        endpoints.update(
                id, current.version(), new EndpointDraft(current.name(), current.url(), current.events(), active));
        redirect.addFlashAttribute("flashKey", "webhook.saved");
        return "redirect:/admin/webhooks";
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        endpoints.delete(id);
        redirect.addFlashAttribute("flashKey", "webhook.deleted");
        return "redirect:/admin/webhooks";
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks/{id}/test")
    String test(@PathVariable UUID id, RedirectAttributes redirect) {
        endpoints.sendTest(id);
        redirect.addFlashAttribute("flashKey", "webhook.test.sent");
        return "redirect:/admin/webhooks?endpoint=" + id;
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks/deliveries/{id}/redeliver")
    String redeliver(@PathVariable UUID id, RedirectAttributes redirect) {
        endpoints.redeliver(id);
        redirect.addFlashAttribute("flashKey", "webhook.redelivered");
        return "redirect:/admin/webhooks";
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks/inbound")
    String allowInbound(@RequestParam(required = false) String name, Model model, RedirectAttributes redirect) {
        try {
            var made = endpoints.createInbound(name);
            redirect.addFlashAttribute("newInboundSecret", made.secret());
            redirect.addFlashAttribute("flashKey", "webhook.saved");
            return "redirect:/admin/webhooks";
        } catch (ValidationException e) {
            return page(
                    model,
                    null,
                    null,
                    null,
                    new EndpointForm("", "", Webhooks.EVENTS),
                    Map.of("inbound.name", formErrors.of(e.problems()).getOrDefault("name", List.of())));
        }
    }

    @Permission(area = Area.SYSTEM, operation = Operation.EDIT)
    @PostMapping("/admin/webhooks/inbound/{id}/delete")
    String deleteInbound(@PathVariable UUID id, RedirectAttributes redirect) {
        endpoints.deleteInbound(id);
        redirect.addFlashAttribute("flashKey", "webhook.deleted");
        return "redirect:/admin/webhooks";
    }

    private String page(
            Model model,
            UUID endpoint,
            String status,
            String cursor,
            EndpointForm form,
            Map<String, List<String>> errors) {
        var list = endpoints.list();
        model.addAttribute("endpoints", list);
        model.addAttribute(
                "endpointNames",
                list.stream()
                        .collect(java.util.stream.Collectors.toMap(
                                WebhookEndpoints.Endpoint::id, WebhookEndpoints.Endpoint::name)));
        model.addAttribute("deliveries", endpoints.deliveries(endpoint, status, cursor, 50));
        model.addAttribute("endpointFilter", endpoint);
        model.addAttribute("statusFilter", status == null ? "" : status);
        model.addAttribute("statuses", Webhooks.DeliveryStatus.values());
        model.addAttribute("inbound", endpoints.inbound());
        model.addAttribute("events", Webhooks.EVENTS);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("canEdit", access.allows(Area.SYSTEM, Operation.EDIT));
        model.addAttribute("section", "admin");
        return "admin/webhooks";
    }
}
