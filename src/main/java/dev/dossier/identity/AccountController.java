package dev.dossier.identity;

import dev.dossier.shared.ValidationException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's own account: password and personal API tokens. */
@Controller
@Permission.SelfService
class AccountController {

    private final UserManagement management;
    private final UserRepository users;
    private final ApiTokens tokens;
    private final FormErrors formErrors;
    private final Clock clock;

    AccountController(
            UserManagement management, UserRepository users, ApiTokens tokens, FormErrors formErrors, Clock clock) {
        this.management = management;
        this.users = users;
        this.tokens = tokens;
        this.formErrors = formErrors;
        this.clock = clock;
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("errors", Map.of());
        model.addAttribute("section", "account");
        model.addAttribute("minPasswordLength", management.minPasswordLength());
        return "account/password";
    }

    @PostMapping("/account/password")
    String changePassword(
            @RequestParam(required = false) String currentPassword,
            @RequestParam(required = false) String newPassword,
            @RequestParam(required = false) String confirmation,
            Model model,
            RedirectAttributes redirect,
            jakarta.servlet.http.HttpServletRequest request) {
        var me = CurrentUser.get();
        try {
            management.changeOwnPassword(me.id(), currentPassword, newPassword, confirmation);
        } catch (ValidationException e) {
            model.addAttribute("errors", formErrors.of(e.problems()));
            model.addAttribute("section", "account");
            model.addAttribute("minPasswordLength", management.minPasswordLength());
            return "account/password";
        }
        // The session's principal no longer has to change its password.
        var record = users.findById(me.id()).orElseThrow();
        var refreshed = new SignedInUser(
                me.id(), me.username(), record.getDisplayName(), users.roles(me.id()), record.getTeamId(), false);
        var details = new DossierUserDetails(refreshed, null, true, false);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.getSession().setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        redirect.addFlashAttribute("flashKey", "account.password.changed");
        return "redirect:/customers";
    }

    @GetMapping("/account/tokens")
    String tokens(Model model) {
        model.addAttribute("tokens", tokens.of(CurrentUser.get().id()));
        model.addAttribute("now", OffsetDateTime.now(clock));
        model.addAttribute("errors", model.getAttribute("errors") == null ? Map.of() : model.getAttribute("errors"));
        model.addAttribute("section", "account");
        return "account/tokens";
    }

    @PostMapping("/account/tokens")
    String issue(
            @RequestParam(required = false) String name,
            @RequestParam(required = false) Integer validDays,
            @RequestParam(required = false) String scope,
            Model model) {
        try {
            model.addAttribute("issued", tokens.issue(CurrentUser.get().id(), name, validDays, scope));
        } catch (ValidationException e) {
            model.addAttribute("errors", formErrors.of(e.problems()));
            model.addAttribute("name", name);
        }
        return tokens(model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        tokens.revoke(CurrentUser.get().id(), id);
        redirect.addFlashAttribute("flashKey", "account.tokens.revoked.flash");
        return "redirect:/account/tokens";
    }
}
