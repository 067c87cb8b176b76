package dev.dossier.identity;

import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrators' page for sign-in security: two-factor sign-in per role, idle timeout, lockout policy. */
@Controller
class SignInPolicyController {

    private final SignInPolicy policy;
    private final SignInThrottle throttle;
    private final SecondFactors secondFactors;
    private final FormErrors formErrors;

    SignInPolicyController(
            SignInPolicy policy, SignInThrottle throttle, SecondFactors secondFactors, FormErrors formErrors) {
        this.secondFactors = secondFactors;
        this.policy = policy;
        this.throttle = throttle;
        this.formErrors = formErrors;
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.READ)
    @GetMapping("/admin/security")
    String page(Model model) {
        return page(
                model,
                policy.rolesRequiringSecondFactor(),
                Integer.toString(policy.idleTimeoutMinutes()),
                Integer.toString(policy.minPasswordLength()),
                Map.of());
    }

    @Permission(area = Access.Area.SYSTEM, operation = Access.Operation.EDIT)
    @PostMapping("/admin/security")
    String update(
            @RequestParam(required = false) List<String> requireSecondFactor,
            @RequestParam(required = false) String idleTimeoutMinutes,
            @RequestParam(required = false) String minPasswordLength,
            Model model,
            RedirectAttributes redirect) {
        var roles = EnumSet.noneOf(Role.class);
        try {
            for (var name : requireSecondFactor == null ? List.<String>of() : requireSecondFactor) {
                roles.add(parseRole(name));
            }
            policy.update(roles, parseMinutes(idleTimeoutMinutes), parseMinutes(minPasswordLength));
        } catch (ValidationException e) {
            return page(model, roles, idleTimeoutMinutes, minPasswordLength, formErrors.of(e.problems()));
        }
        redirect.addFlashAttribute("flashKey", "security.policy.saved");
        return "redirect:/admin/security";
    }

    @Permission(area = Access.Area.USERS, operation = Access.Operation.EDIT)
    @PostMapping("/admin/security/reset-second-factor")
    String resetSecondFactor(
            @RequestParam(required = false) String username, Model model, RedirectAttributes redirect) {
        try {
            secondFactors.reset(username, CurrentUser.get().id());
        } catch (ValidationException e) {
            model.addAttribute("resetUsername", username);
            return page(
                    model,
                    policy.rolesRequiringSecondFactor(),
                    Integer.toString(policy.idleTimeoutMinutes()),
                    Integer.toString(policy.minPasswordLength()),
                    formErrors.of(e.problems()));
        }
        redirect.addFlashAttribute("flashKey", "security.reset.done");
        redirect.addFlashAttribute("flashArg", username.strip());
        return "redirect:/admin/security";
    }

    private String page(
            Model model,
            Set<Role> required,
            String idleMinutes,
            String passwordLength,
            Map<String, List<String>> errors) {
        model.addAttribute("minPasswordLength", passwordLength);
        model.addAttribute("lowestPasswordLength", PasswordRule.MIN_LENGTH);
        model.addAttribute("highestPasswordLength", PasswordRule.MAX_MINIMUM);
        model.addAttribute("allRoles", Role.values());
        model.addAttribute("required", required);
        model.addAttribute("idleTimeoutMinutes", idleMinutes);
        model.addAttribute("maxFailures", throttle.maxFailures());
        model.addAttribute("lockoutMinutes", throttle.lockout().toMinutes());
        model.addAttribute("maxFailuresPerAddress", throttle.maxFailuresPerAddress());
        model.addAttribute("minIdle", SignInPolicy.MIN_IDLE_MINUTES);
        model.addAttribute("maxIdle", SignInPolicy.MAX_IDLE_MINUTES);
        model.addAttribute("errors", errors);
        model.addAttribute("section", "admin");
        return "admin/security";
    }

    private static Role parseRole(String name) {
        try {
            return Role.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationException(List.of(new FieldProblem("requireSecondFactor", "field.invalid")));
        }
    }

    private static Integer parseMinutes(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
