package dev.dossier.feedback.intake;

import dev.dossier.identity.FormErrors;
import dev.dossier.identity.Permission;
import dev.dossier.products.ProductCatalogue;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The public feedback form at {@code /public/feedback}: anyone may send a complaint, a defect report, a suggestion
 * or a question without signing in. The honeypot field {@code website} is invisible to people; a submission that
 * fills it is thanked and dropped.
 */
@Controller
@RequestMapping("/public/feedback")
class PublicFeedbackController {

    /**
     * The form.
     *
     * @param name name
     * @param phone phone
     * @param email email
     * @param kind kind of feedback
     * @param product {@code <productId>} or {@code <productId>:<versionId>}, or empty
     * @param title one line
     * @param description what happened
     * @param website the honeypot: people leave it empty
     * @param stamp the signed time the form was shown
     */
    record PublicForm(
            String name,
            String phone,
            String email,
            String kind,
            String product,
            String title,
            String description,
            String website,
            String stamp) {}

    private final FeedbackIntake intake;
    private final FormGuard guard;
    private final ProductCatalogue products;
    private final FormErrors formErrors;

    PublicFeedbackController(FeedbackIntake intake, FormGuard guard, ProductCatalogue products, FormErrors formErrors) {
        this.intake = intake;
        this.guard = guard;
        this.products = products;
        this.formErrors = formErrors;
    }

    @Permission.PublicEndpoint
    @GetMapping
    String form(Model model) {
        return page(model, new PublicForm("", "", "", "", "", "", "", "", null), Map.of());
    }

    @Permission.PublicEndpoint
    @PostMapping
    String submit(
            PublicForm form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (!guard.admit(request.getRemoteAddr())) {
            response.setStatus(429);
            response.setHeader("Retry-After", String.valueOf(guard.windowMinutes() * 60));
            model.addAttribute("minutes", guard.windowMinutes());
            return "public/too-many";
        }
        if (form.website() != null && !form.website().isBlank()) {
            return "redirect:/public/feedback/thanks";
        }
        var stamp = guard.check(form.stamp());
        if (stamp != FormGuard.Stamp.OK) {
            return page(
                    model,
                    form,
                    formErrors.of(List.of(new FieldProblem(
                            "form",
                            stamp == FormGuard.Stamp.TOO_FAST ? "publicform.too-fast" : "publicform.expired"))));
        }
        UUID productId = null;
        UUID versionId = null;
        try {
            if (form.product() != null && !form.product().isBlank()) {
                var parts = form.product().strip().split(":");
                productId = UUID.fromString(parts[0]);
                versionId = parts.length > 1 ? UUID.fromString(parts[1]) : null;
            }
        } catch (IllegalArgumentException e) {
            return page(
                    model,
                    form,
                    formErrors.of(List.of(new FieldProblem("productId", "publicform.field.unknown-option"))));
        }
        try {
            var checked = intake.check(new FeedbackIntake.Submission(
                    form.name(),
                    form.phone(),
                    form.email(),
                    form.kind(),
                    productId,
                    versionId,
                    form.title(),
                    form.description()));
            var opened = intake.open(checked);
            redirect.addFlashAttribute("caseNumber", opened.number());
            return "redirect:/public/feedback/thanks";
        } catch (ValidationException e) {
            return page(model, form, formErrors.of(e.problems()));
        }
    }

    @Permission.PublicEndpoint
    @GetMapping("/thanks")
    String thanks() {
        return "public/feedback-thanks";
    }

    private String page(Model model, PublicForm form, Map<String, List<String>> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("stamp", guard.stampNow());
        model.addAttribute("kinds", FeedbackIntake.KINDS);
        model.addAttribute("products", products.options());
        model.addAttribute("maxName", FeedbackIntake.MAX_NAME);
        model.addAttribute("maxTitle", FeedbackIntake.MAX_TITLE);
        model.addAttribute("maxDescription", FeedbackIntake.MAX_DESCRIPTION);
        return "public/feedback";
    }
}
