package dev.dossier.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
@Controller
@Permission.PublicEndpoint
class SecondFactorController {

    private final SecondFactors secondFactors;
    private final SignInPolicy policy;
    private final UserDetailsService userDetails;
    private final FormErrors formErrors;

    SecondFactorController(
            SecondFactors secondFactors, SignInPolicy policy, UserDetailsService userDetails, FormErrors formErrors) {
        this.secondFactors = secondFactors;
        this.policy = policy;
        this.userDetails = userDetails;
        this.formErrors = formErrors;
    }

    @GetMapping(SignInGate.CODE_PAGE)
    String codeForm(HttpSession session, Model model) {
        if (pending(session) == null) {
            // Someone already signed in has nothing to confirm; anyone else starts with the password.
            return CurrentUser.find().isPresent() ? "redirect:/customers" : "redirect:/sign-in";
        }
        model.addAttribute("errors", Map.of());
        return "sign-in-code";
    }

    @PostMapping(SignInGate.CODE_PAGE)
    String verify(
            @RequestParam(required = false) String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws IOException, jakarta.servlet.ServletException {
        var session = request.getSession();
        var pending = pending(session);
        if (pending == null) {
            return CurrentUser.find().isPresent() ? "redirect:/customers" : "redirect:/sign-in";
        }
        var outcome = secondFactors.verify(pending.userId(), code);
        if (outcome == SecondFactors.Outcome.LOCKED) {
            session.removeAttribute(PendingSignIn.ATTRIBUTE);
            return "redirect:/sign-in?locked";
        }
        if (outcome == SecondFactors.Outcome.REFUSED) {
            model.addAttribute(
                    "errors",
                    formErrors.of(List.of(new dev.dossier.shared.FieldProblem("code", "security.code.invalid"))));
            response.setStatus(422);
            return "sign-in-code";
        }
        DossierUserDetails details;
        try {
            details = (DossierUserDetails) userDetails.loadUserByUsername(pending.username());
        } catch (UsernameNotFoundException e) {
            session.removeAttribute(PendingSignIn.ATTRIBUTE);
            return "redirect:/sign-in?error";
        }
        if (!details.isEnabled() || !details.isAccountNonLocked()) {
            session.removeAttribute(PendingSignIn.ATTRIBUTE);
            return "redirect:/sign-in?" + (details.isEnabled() ? "locked" : "disabled");
        }
        details.eraseCredentials();
        // Fully signed in now: a new session id, so that one known before this step is worth nothing.
        request.changeSessionId();
        session.removeAttribute(PendingSignIn.ATTRIBUTE);
        session.setMaxInactiveInterval(policy.idleTimeoutMinutes() * 60);
        var authentication = UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        SecurityConfiguration.CONTEXTS.saveContext(context, request, response);
        var next = new SavedRequestAwareAuthenticationSuccessHandler();
        next.setDefaultTargetUrl("/customers");
        next.onAuthenticationSuccess(request, response, authentication);
        return null;
    }

    private static PendingSignIn pending(HttpSession session) {
        return session == null ? null : (PendingSignIn) session.getAttribute(PendingSignIn.ATTRIBUTE);
    }
}
