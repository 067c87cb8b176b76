package dev.dossier.identity;

import dev.dossier.shared.ValidationException;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The user's own two-factor sign-in: set up with an authenticator app, recovery codes, turn off. */
@Controller
@Permission.SelfService
class TwoFactorController {

    /** The session attribute with the secret offered but not yet confirmed; it never leaves the server. */
    static final String OFFERED_SECRET = TwoFactorController.class.getName() + ".secret";

    private final SecondFactors secondFactors;
    private final SignInPolicy policy;
    private final FormErrors formErrors;

    TwoFactorController(SecondFactors secondFactors, SignInPolicy policy, FormErrors formErrors) {
        this.secondFactors = secondFactors;
        this.policy = policy;
        this.formErrors = formErrors;
    }

    @GetMapping(SignInGate.ENROL_PAGE)
    String page(HttpSession session, Model model) {
        return page(session, model, Map.of());
    }

    @PostMapping(SignInGate.ENROL_PAGE)
    String confirm(@RequestParam(required = false) String code, HttpSession session, Model model) {
        var secret = (String) session.getAttribute(OFFERED_SECRET);
        if (secret == null) {
            return "redirect:" + SignInGate.ENROL_PAGE;
        }
        try {
            var codes = secondFactors.confirm(CurrentUser.get().id(), secret, code);
            session.removeAttribute(OFFERED_SECRET);
            model.addAttribute("recoveryCodes", codes);
            model.addAttribute("flashKey", "security.enrol.done");
            return page(session, model, Map.of());
        } catch (ValidationException e) {
            return page(session, model, formErrors.of(e.problems()));
        }
    }

    @PostMapping(SignInGate.ENROL_PAGE + "/recovery-codes")
    String renewRecoveryCodes(@RequestParam(required = false) String password, HttpSession session, Model model) {
        try {
            model.addAttribute(
                    "recoveryCodes",
                    secondFactors.renewRecoveryCodes(CurrentUser.get().id(), password));
            return page(session, model, Map.of());
        } catch (ValidationException e) {
            return page(session, model, prefixed("renew-", formErrors.of(e.problems())));
        }
    }

    @PostMapping(SignInGate.ENROL_PAGE + "/disable")
    String disable(
            @RequestParam(required = false) String password,
            HttpSession session,
            Model model,
            RedirectAttributes redirect) {
        try {
            secondFactors.disable(CurrentUser.get(), password);
        } catch (ValidationException e) {
            return page(session, model, formErrors.of(e.problems()));
        }
        redirect.addFlashAttribute("flashKey", "security.disable.done");
        return "redirect:" + SignInGate.ENROL_PAGE;
    }

    private String page(HttpSession session, Model model, Map<String, List<String>> errors) {
        var me = CurrentUser.get();
        boolean enabled = secondFactors.enabled(me.id());
        model.addAttribute("enabled", enabled);
        model.addAttribute("required", policy.requiresSecondFactor(me.roles()));
        model.addAttribute("errors", errors);
        model.addAttribute("section", "account");
        if (enabled) {
            model.addAttribute("remaining", secondFactors.remainingRecoveryCodes(me.id()));
        } else {
            var secret = (String) session.getAttribute(OFFERED_SECRET);
            var enrolment = secret == null
                    ? secondFactors.offer(me.username())
                    : secondFactors.enrolment(me.username(), secret);
            session.setAttribute(OFFERED_SECRET, enrolment.secret());
            model.addAttribute("enrolment", enrolment);
        }
        return "account/two-factor";
    }

    private static Map<String, List<String>> prefixed(String prefix, Map<String, List<String>> errors) {
        var map = new java.util.LinkedHashMap<String, List<String>>();
        errors.forEach((k, v) -> map.put(prefix + k, v));
        return map;
    }
}
